"""The layer of Vietnamese text: NFC, folding, tokens, the underthesea segmenter, codes,
abbreviations, sentence embeddings. Imports nothing of ingest/ or index/."""
