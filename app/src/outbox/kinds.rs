//! The kinds of e-mail the product sends. Each has a template folder of the same name.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    /// Confirm the address given at sign-up (link: confirm).
    VerifyEmail,
    /// Someone tried to sign up with an address that already has an account.
    AccountExists,
    /// Someone asked to sign up with an address held for a newsletter-only recipient: the link
    /// lets the owner of the address choose a password.
    AccountSetup,
    /// A sign-in link (10 minutes).
    SignInLink,
    /// A password-reset link.
    PasswordReset,
    /// The password was changed or reset.
    PasswordChanged,
    /// Contact details (or an event registration) changed: "not you?".
    DetailsChanged,
    /// To a new address: confirm it (link: confirm the change).
    EmailChangeConfirm,
    /// To the old address: a change was asked for (link: stop or undo it).
    EmailChangeNotice,
    /// Consents changed: what changed (link: undo).
    ConsentsChanged,
    /// Confirm a double opt-in subscription (link: confirm).
    ConsentConfirm,
    /// A fresh profile link (link: manage topics, signed, no row).
    ProfileLink,
    /// Receipt for a rights request: received, and done or due by a date.
    RequestReceived,
    /// A rights request needs more time: the new due date and why.
    RequestExtended,
    /// Processing is restricted at the person's request.
    RestrictionStarted,
    /// The restriction was lifted.
    RestrictionLifted,
    /// The last message to an erased person's address; the address is forgotten once sent.
    ErasureDone,
    /// A material change of the privacy policy.
    PolicyChanged,
    /// Staff ask the person to confirm it is them (link: confirm).
    IdentityCheck,
    /// A rights request was completed or refused: what was done, or why not.
    RequestAnswered,
}

impl MailKind {
    pub const ALL: [MailKind; 20] = [
        Self::VerifyEmail,
        Self::AccountExists,
        Self::AccountSetup,
        Self::SignInLink,
        Self::PasswordReset,
        Self::PasswordChanged,
        Self::DetailsChanged,
        Self::EmailChangeConfirm,
        Self::EmailChangeNotice,
        Self::ConsentsChanged,
        Self::ConsentConfirm,
        Self::ProfileLink,
        Self::RequestReceived,
        Self::RequestExtended,
        Self::RestrictionStarted,
        Self::RestrictionLifted,
        Self::ErasureDone,
        Self::PolicyChanged,
        Self::IdentityCheck,
        Self::RequestAnswered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::AccountExists => "account_exists",
            Self::AccountSetup => "account_setup",
            Self::SignInLink => "sign_in_link",
            Self::PasswordReset => "password_reset",
            Self::PasswordChanged => "password_changed",
            Self::DetailsChanged => "details_changed",
            Self::EmailChangeConfirm => "email_change_confirm",
            Self::EmailChangeNotice => "email_change_notice",
            Self::ConsentsChanged => "consents_changed",
            Self::ConsentConfirm => "consent_confirm",
            Self::ProfileLink => "profile_link",
            Self::RequestReceived => "request_received",
            Self::RequestExtended => "request_extended",
            Self::RestrictionStarted => "restriction_started",
            Self::RestrictionLifted => "restriction_lifted",
            Self::ErasureDone => "erasure_done",
            Self::PolicyChanged => "policy_changed",
            Self::IdentityCheck => "identity_check",
            Self::RequestAnswered => "request_answered",
        }
    }

    /// Whether a person whose processing is restricted still gets this kind: what they asked
    /// for themselves (sign-in and password mail, address changes, security notices, receipts
    /// of their rights requests, word of the restriction itself), never marketing or news.
    pub fn sent_while_restricted(self) -> bool {
        !matches!(
            self,
            Self::ConsentsChanged | Self::ConsentConfirm | Self::ProfileLink | Self::PolicyChanged
        )
    }

    /// Whether an address that hard-bounced or complained still gets this kind: only what the
    /// law or the account's safety requires (receipts and answers to rights requests, word of
    /// a restriction or an erasure, notice of a changed password or address). Everything
    /// else, sign-in links included, waits until the person proves a new address.
    pub fn sent_after_bounce(self) -> bool {
        matches!(
            self,
            Self::RequestReceived
                | Self::RequestExtended
                | Self::RequestAnswered
                | Self::RestrictionStarted
                | Self::RestrictionLifted
                | Self::ErasureDone
                | Self::PasswordChanged
                | Self::EmailChangeNotice
        )
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_survives_a_round_trip_through_its_stored_name() {
        for kind in MailKind::ALL {
            assert_eq!(MailKind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn a_bounced_address_gets_only_what_the_law_or_its_safety_requires() {
        assert!(MailKind::RequestReceived.sent_after_bounce());
        assert!(MailKind::PasswordChanged.sent_after_bounce());
        assert!(!MailKind::ConsentsChanged.sent_after_bounce());
        assert!(!MailKind::ConsentConfirm.sent_after_bounce());
        assert!(!MailKind::SignInLink.sent_after_bounce());
        assert!(!MailKind::PolicyChanged.sent_after_bounce());
    }

    #[test]
    fn a_restricted_person_gets_security_mail_and_word_of_the_restriction_only() {
        assert!(MailKind::SignInLink.sent_while_restricted());
        assert!(MailKind::PasswordChanged.sent_while_restricted());
        assert!(MailKind::RestrictionStarted.sent_while_restricted());
        assert!(MailKind::RestrictionLifted.sent_while_restricted());
        assert!(!MailKind::ConsentConfirm.sent_while_restricted());
        assert!(!MailKind::PolicyChanged.sent_while_restricted());
        assert!(!MailKind::ProfileLink.sent_while_restricted());
    }
}
