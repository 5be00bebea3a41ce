// Demo portal pages: "TijarIA" and "Historique TijarIA" in the help centre menu drive the widget.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-tijaria]");
  if (!link || !window.TijarIA) return;
  const action = window.TijarIA[link.dataset.tijaria];
  if (typeof action === "function") {
    event.preventDefault();
    action();
  }
});
document.addEventListener("submit", (event) => event.preventDefault());
