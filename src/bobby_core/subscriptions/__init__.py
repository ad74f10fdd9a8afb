"""Subscriptions and the paywall: what Stripe told us, who may start which exercise."""
