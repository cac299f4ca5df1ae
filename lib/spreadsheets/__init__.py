"""Spreadsheets as offices send and receive them: columns, the reader
(.xlsx, .xls, .csv), cells, the streaming writer and the exporters registry."""
