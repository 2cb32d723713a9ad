"""What the audit log calls the steps of account recovery, certificates and help contacts
(issue 11); added to the audit log's words by ``learning.blueprints.register_support``."""

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "account.reset_code": _l("Password reset code issued (ID card checked)"),
    "account.recovery_code": _l("Recovery code made by the person"),
    "account.recovery_void": _l("Recovery code void after wrong tries"),
    "account.reset": _l("New password set with a code"),
    "certificate.revoke": _l("Certificate revoked"),
    "commune.help_contacts": _l("Help contacts changed"),
}

DETAIL_LABELS = {
    "id_checked": _l("ID card checked"),
    "given_by": _l("code given by"),
    "certificate": _l("certificate"),
    "reason": _l("reason"),
}
