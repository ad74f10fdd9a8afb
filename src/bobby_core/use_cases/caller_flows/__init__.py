"""Exercises whose conversation a caller keeps (a Twilio Studio flow, one HTTP call a turn).

The caller holds the history and decides what to say; Bobby runs the flows' own steps (their
prompts, model loops with a structured "done", extractions, scoring and actions) one call at a
time and stores the finished exercise as a WhatsApp walk would. Nothing here holds a
transaction while a model thinks."""
