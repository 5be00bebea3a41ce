"""Notifications: e-mails, recorded in an outbox and delivered over SMTP when configured."""
