"""`bobby eval`: scripted users walk every exercise against the configured model, and a report
says how far each got, how the model loops kept to their turns, what the guard stopped, whether
a disclosure of distress got the crisis reply, and what it cost in time and tokens."""
