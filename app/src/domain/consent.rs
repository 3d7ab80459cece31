//! A consent's state and the source of a change (Art. 7(1): how consent was given or
//! withdrawn); on the server also the column types of `consent_states.state` and
//! `consent_ledger.state`/`previous_state`/`source` (sea-orm active enums stored as text, the
//! same words as before).

use serde::{Deserialize, Serialize};

use crate::i18n::{Locale, tr};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
#[serde(rename_all = "lowercase")]
pub enum ConsentState {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "granted"))]
    Granted,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "withdrawn"))]
    Withdrawn,
    /// Granted but waiting for the person to confirm from an e-mail (double opt-in).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "pending"))]
    Pending,
}

impl ConsentState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Granted => "granted",
            Self::Withdrawn => "withdrawn",
            Self::Pending => "pending",
        }
    }

    /// What a person sees as "on": granted, or granted and waiting for confirmation.
    pub fn is_on(self) -> bool {
        self != Self::Withdrawn
    }
}

/// Where a change came from (Art. 7(1): the method of giving or withdrawing consent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Source {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "account page"))]
    AccountPage,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "profile link"))]
    ProfileLink,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "one-click"))]
    OneClick,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "staff"))]
    Staff,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "import"))]
    Import,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "api"))]
    Api,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "double opt-in confirm"))]
    DoubleOptInConfirm,
    /// Undo from the link in a confirmation e-mail.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "undo"))]
    Undo,
    /// Undo on the profile page a newsletter's link opens.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "profile link undo"))]
    ProfileLinkUndo,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "subscribe form"))]
    SubscribeForm,
    /// Everything withdrawn as part of erasure.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "erasure"))]
    Erasure,
    /// Everything withdrawn by the retention purge.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "retention"))]
    Retention,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AccountPage => "account page",
            Self::ProfileLink => "profile link",
            Self::OneClick => "one-click",
            Self::Staff => "staff",
            Self::Import => "import",
            Self::Api => "api",
            Self::DoubleOptInConfirm => "double opt-in confirm",
            Self::Undo => "undo",
            Self::ProfileLinkUndo => "profile link undo",
            Self::SubscribeForm => "subscribe form",
            Self::Erasure => "erasure",
            Self::Retention => "retention",
        }
    }

    /// Whether the change is confirmed by e-mail. Imported consents arrive with their own
    /// evidence (mailing every imported recipient would be a mass mailing nobody asked for);
    /// erasure and retention end with the person's data, and erasure sends its own message.
    /// Whether a consent granted from here stands on its own evidence (Art. 7(1)): the
    /// signed-in person, a link just followed from the person's own inbox, or an import that
    /// carries its evidence. Anything else (a bearer link such as a newsletter's profile link
    /// or a link the sender API minted, staff, a public form anyone can fill in with anyone's
    /// address) may withdraw at once, but a grant waits as pending until the person confirms
    /// it from an e-mail.
    /// How a history names where a change came from, in `locale` ("via undo").
    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            Self::AccountPage => tr!(locale, common.source_account_page),
            Self::ProfileLink => tr!(locale, common.source_profile_link),
            Self::OneClick => tr!(locale, common.source_one_click),
            Self::Staff => tr!(locale, common.source_staff),
            Self::Import => tr!(locale, common.source_import),
            Self::Api => tr!(locale, common.source_api),
            Self::DoubleOptInConfirm => tr!(locale, common.source_double_opt_in_confirm),
            Self::Undo => tr!(locale, common.source_undo),
            Self::ProfileLinkUndo => tr!(locale, common.source_profile_link_undo),
            Self::SubscribeForm => tr!(locale, common.source_subscribe_form),
            Self::Erasure => tr!(locale, common.source_erasure),
            Self::Retention => tr!(locale, common.source_retention),
        }
    }

    pub fn grants_directly(self) -> bool {
        matches!(
            self,
            Self::AccountPage | Self::DoubleOptInConfirm | Self::Undo | Self::Import
        )
    }

    pub fn confirmed_by_mail(self) -> bool {
        !matches!(self, Self::Import | Self::Erasure | Self::Retention)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use sea_orm::{ActiveEnum, Iterable};

    /// The column stores the same words the code shows and the data download carries.
    #[test]
    fn every_state_and_source_is_stored_as_its_own_word() {
        for state in ConsentState::iter() {
            assert_eq!(state.to_value(), state.as_str());
        }
        for source in Source::iter() {
            assert_eq!(source.to_value(), source.as_str());
        }
    }
}
