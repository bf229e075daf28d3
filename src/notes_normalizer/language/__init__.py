"""The subject's vocabulary (data) and the Chinese word cutter (jieba)."""
