from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "linkwell.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        # Registered here because referrals and people cannot import casework without a cycle.
        from linkwell.casework.opening import move_cases_to_kept_person, open_case_for_accepted_referral
        from linkwell.people.merging import MERGE_HOOKS
        from linkwell.referrals.acceptance import ACCEPTANCE_HOOKS

        if open_case_for_accepted_referral not in ACCEPTANCE_HOOKS:
            ACCEPTANCE_HOOKS.append(open_case_for_accepted_referral)
        if move_cases_to_kept_person not in MERGE_HOOKS:
            MERGE_HOOKS.append(move_cases_to_kept_person)
