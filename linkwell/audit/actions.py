from django.db import models


class AuditAction(models.TextChoices):
    """Every kind of event the audit log records. Add new ones here, with words an auditor understands."""

    SIGNED_IN = "auth.signed_in", "Signed in"
    SIGNED_OUT = "auth.signed_out", "Signed out"
    SIGN_IN_FAILED = "auth.sign_in_failed", "Sign-in failed"
    SIGN_IN_LOCKED_OUT = "auth.locked_out", "Sign-in locked out after repeated failures"
    PASSWORD_RESET_REQUESTED = "auth.password_reset_requested", "Password reset requested"
    PASSWORD_RESET = "auth.password_reset", "Password reset by emailed link"
    PASSWORD_CHANGED = "auth.password_changed", "Password changed"
    USER_CREATED = "accounts.user_created", "User created"
    MEMBERSHIP_ADDED = "accounts.membership_added", "Role given"
    ORGANISATION_CREATED = "accounts.organisation_created", "Organisation created"
    TEAM_CREATED = "accounts.team_created", "Team created"
    AUDIT_LOG_VIEWED = "audit.viewed", "Audit log viewed"
    SERVICE_CREATED = "directory.service_created", "Directory listing created"
    SERVICE_UPDATED = "directory.service_updated", "Directory listing changed"
    SERVICE_STATE_CHANGED = "directory.service_state_changed", "Directory listing published, unpublished or archived"
    SERVICE_IMPORTED = "directory.service_imported", "Directory listing imported"
    DIRECTORY_IMPORT_FINISHED = "directory.import_finished", "Directory import finished"
    ORGANIZATION_SAVED = "directory.organization_saved", "Directory organisation created or changed"
    POSTCODES_IMPORTED = "directory.postcodes_imported", "Postcode directory imported"
    DEMO_DATA_LOADED = "demo.loaded", "Demo data loaded"
