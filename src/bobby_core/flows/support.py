"""Where Bobby points people who need more than a self-help exercise."""

PROFESSIONAL_HELP_URL = "https://findahelpline.com"
"""A free directory of confidential support services, by country (also used for crises)."""

PROFESSIONAL_HELP = (
    "I'm an automated companion, not a therapist, so I can only take you so far. If things feel "
    "heavy, talking to a professional, such as your doctor or a counsellor, can really help. "
    f"You can find free, confidential support near you at {PROFESSIONAL_HELP_URL}"
)
