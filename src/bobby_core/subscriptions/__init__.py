"""Subscriptions and the paywall: what the payment provider told us, who may start which
exercise.

How the conversation uses it (all pure; the I/O is in two use cases):

1. When loading a turn's snapshot, read `uow.subscriptions.list_for_user(user.id)` and compute
   `access = paywall.access(subscriptions, now)` (`Paywall` comes from the container).
2. Before starting an exercise `flow_id` (menu pick, deep link, recommender hand-over):
   `if not gate.may_start(flow_id, access, paywall.on)`, start `gate.PAYWALL_FLOW` instead
   (the "why not buy" question) and emit an effect that, when applied, sends
   `GetSubscriptionLink.execute(GetSubscriptionLinkCommand(user_id)).text` (the checkout link)
   before the question. The Burnout check and system flows always pass.
3. A whole message for which `gate.is_subscription_word(text)` holds (`subscription`) gets the
   same effect: a paying user receives the billing-portal link, anyone else the checkout link.
4. The queue's periodic sweep calls `SyncMailingList.execute(SyncMailingListCommand())`.
"""
