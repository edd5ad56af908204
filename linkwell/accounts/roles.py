"""Permissions as code: what each role may do, in words a scheme manager can check."""

import enum
from dataclasses import dataclass

from django.db import models


class Permission(enum.StrEnum):
    SEARCH_DIRECTORY = "search_directory"
    MAKE_REFERRAL = "make_referral"
    VIEW_OWN_REFERRALS = "view_own_referrals"
    VIEW_TEAM_INBOX = "view_team_inbox"
    PICK_UP_REFERRAL = "pick_up_referral"
    ALLOCATE_REFERRALS = "allocate_referrals"
    CHECK_DUPLICATES = "check_duplicates"
    VIEW_CASE_RECORDS = "view_case_records"
    VIEW_PROVIDER_INBOX = "view_provider_inbox"
    EDIT_OWN_LISTINGS = "edit_own_listings"
    EDIT_DIRECTORY = "edit_directory"
    VIEW_OWN_FIGURES = "view_own_figures"
    VIEW_SCHEME_DASHBOARD = "view_scheme_dashboard"
    VIEW_COMMISSIONER_REPORTS = "view_commissioner_reports"
    MANAGE_TEAM_MEMBERS = "manage_team_members"
    MANAGE_USERS_AND_TEAMS = "manage_users_and_teams"
    VIEW_AUDIT_LOG = "view_audit_log"

    @property
    def description(self) -> str:
        return PERMISSION_DESCRIPTIONS[self]


PERMISSION_DESCRIPTIONS: dict[Permission, str] = {
    Permission.SEARCH_DIRECTORY: "Search the directory of community groups and services",
    Permission.MAKE_REFERRAL: "Refer a person to the social prescribing team",
    Permission.VIEW_OWN_REFERRALS: "See the progress of referrals they made",
    Permission.VIEW_TEAM_INBOX: "See referrals waiting in their team's inbox",
    Permission.PICK_UP_REFERRAL: "Pick up a referral from their team's inbox",
    Permission.ALLOCATE_REFERRALS: "Allocate referrals to link workers in their team",
    Permission.CHECK_DUPLICATES: "Check possible duplicate records and merge those that are the same person",
    Permission.VIEW_CASE_RECORDS: "Read and record case notes for people their team supports",
    Permission.VIEW_PROVIDER_INBOX: "Accept, decline and update referrals sent to their organisation's services",
    Permission.EDIT_OWN_LISTINGS: "Keep their organisation's directory listings up to date (changes are checked)",
    Permission.EDIT_DIRECTORY: "Create, edit and archive any directory listing; import and export directory data",
    Permission.VIEW_OWN_FIGURES: "See figures for their own caseload",
    Permission.VIEW_SCHEME_DASHBOARD: "See the scheme's dashboard of referrals, waiting times and caseloads",
    Permission.VIEW_COMMISSIONER_REPORTS: "See aggregate reports with small numbers suppressed (no personal data)",
    Permission.MANAGE_TEAM_MEMBERS: "Manage the members of their own team",
    Permission.MANAGE_USERS_AND_TEAMS: "Manage users, organisations and teams",
    Permission.VIEW_AUDIT_LOG: "Browse the audit log of who did what and when",
}

# Anyone may do these, signed in or not.
PUBLIC_PERMISSIONS = frozenset({Permission.SEARCH_DIRECTORY})


class Role(models.TextChoices):
    REFERRER = "referrer", "Referrer"
    CHAMPION = "champion", "Social prescribing champion"
    LINK_WORKER = "link_worker", "Link worker"
    TEAM_LEAD = "team_lead", "Team lead"
    PROVIDER = "provider", "Community provider"
    DIRECTORY_EDITOR = "directory_editor", "Directory editor"
    COMMISSIONER = "commissioner", "Commissioner"
    ADMIN = "admin", "Administrator"


@dataclass(frozen=True)
class RoleDefinition:
    role: Role
    description: str
    permissions: frozenset[Permission]
    # A global role's permissions apply everywhere, not only in the team or organisation it was given in.
    is_global: bool = False

    @property
    def sorted_permissions(self) -> list[Permission]:
        return [permission for permission in Permission if permission in self.permissions]


ROLE_DEFINITIONS: dict[Role, RoleDefinition] = {
    definition.role: definition
    for definition in [
        RoleDefinition(
            Role.REFERRER,
            "A GP, nurse, social worker, pharmacist or other professional who refers people to the scheme.",
            frozenset({Permission.SEARCH_DIRECTORY, Permission.MAKE_REFERRAL, Permission.VIEW_OWN_REFERRALS}),
        ),
        RoleDefinition(
            Role.CHAMPION,
            "A trained volunteer who refers members of the public on their behalf, with their consent.",
            frozenset({Permission.SEARCH_DIRECTORY, Permission.MAKE_REFERRAL, Permission.VIEW_OWN_REFERRALS}),
        ),
        RoleDefinition(
            Role.LINK_WORKER,
            "Supports people referred to their team: conversation, plan, onward referrals and outcomes.",
            frozenset(
                {
                    Permission.SEARCH_DIRECTORY,
                    Permission.MAKE_REFERRAL,
                    Permission.VIEW_TEAM_INBOX,
                    Permission.PICK_UP_REFERRAL,
                    Permission.VIEW_CASE_RECORDS,
                    Permission.VIEW_OWN_FIGURES,
                }
            ),
        ),
        RoleDefinition(
            Role.TEAM_LEAD,
            "Runs a link-worker team: allocates referrals, balances caseloads and reports.",
            frozenset(
                {
                    Permission.SEARCH_DIRECTORY,
                    Permission.MAKE_REFERRAL,
                    Permission.VIEW_TEAM_INBOX,
                    Permission.PICK_UP_REFERRAL,
                    Permission.ALLOCATE_REFERRALS,
                    Permission.CHECK_DUPLICATES,
                    Permission.VIEW_CASE_RECORDS,
                    Permission.VIEW_OWN_FIGURES,
                    Permission.VIEW_SCHEME_DASHBOARD,
                    Permission.VIEW_COMMISSIONER_REPORTS,
                    Permission.MANAGE_TEAM_MEMBERS,
                }
            ),
        ),
        RoleDefinition(
            Role.PROVIDER,
            "Works for a community group or charity that receives referrals and keeps its listings current.",
            frozenset({Permission.SEARCH_DIRECTORY, Permission.VIEW_PROVIDER_INBOX, Permission.EDIT_OWN_LISTINGS}),
        ),
        RoleDefinition(
            Role.DIRECTORY_EDITOR,
            "Keeps the community directory complete and current for the whole area.",
            frozenset({Permission.SEARCH_DIRECTORY, Permission.EDIT_DIRECTORY}),
            is_global=True,
        ),
        RoleDefinition(
            Role.COMMISSIONER,
            "Funds or oversees social prescribing and sees aggregate figures only.",
            frozenset({Permission.SEARCH_DIRECTORY, Permission.VIEW_COMMISSIONER_REPORTS}),
        ),
        RoleDefinition(
            Role.ADMIN,
            "Looks after the installation: users, organisations, teams and the audit log. "
            "Case records are open to them, and every read is audited.",
            frozenset(
                {
                    Permission.SEARCH_DIRECTORY,
                    Permission.CHECK_DUPLICATES,
                    Permission.VIEW_CASE_RECORDS,
                    Permission.EDIT_DIRECTORY,
                    Permission.VIEW_SCHEME_DASHBOARD,
                    Permission.VIEW_COMMISSIONER_REPORTS,
                    Permission.MANAGE_USERS_AND_TEAMS,
                    Permission.VIEW_AUDIT_LOG,
                }
            ),
            is_global=True,
        ),
    ]
}
