"""Spreadsheet imports: read what offices send, check every row, write all or nothing."""
