from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "linkwell.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        # Registered here, not by the people app, because people cannot import referrals without a cycle.
        from linkwell.people.merging import MERGE_HOOKS
        from linkwell.referrals.merging import move_referrals_to_kept_person

        if move_referrals_to_kept_person not in MERGE_HOOKS:
            MERGE_HOOKS.append(move_referrals_to_kept_person)
