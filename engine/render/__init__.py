"""Rendering explanations for people (text trees) and for diagrams (Mermaid)."""
