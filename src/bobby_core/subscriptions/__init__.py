"""Subscriptions and the paywall: what the payment provider told us, who may start which
exercise, and which payment link a user needs.

How the conversation uses it (all pure; the provider is called only after the turn):

1. A turn's snapshot holds the user's subscriptions whenever `Paywall.reads_subscriptions`.
2. Before starting an exercise `flow_id` (menu pick, deep link, recommender hand-over): if
   `Paywall.may_start` says no, the "why not buy" question (`gate.PAYWALL_FLOW`) starts instead,
   after a reply carrying the checkout `PaymentLink` (`links.checkout_reply`). The Burnout check
   and system flows always pass.
3. A whole message for which `gate.is_subscription_word(text)` holds (`subscription`) gets
   `links.subscription_reply`: the billing portal with access, else the checkout.
4. The outbox's deliverer opens the link at the provider once the turn is committed.
5. The queue's periodic sweep calls `SyncMailingList.execute(SyncMailingListCommand())`.
"""
