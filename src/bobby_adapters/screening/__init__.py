"""The offline crisis screener's rules: text normalisation, English rules by warning sign, and
explicit statements in Spanish, French, German and Portuguese."""
