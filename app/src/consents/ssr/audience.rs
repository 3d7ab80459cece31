//! The audience rule: the one answer to "may this person be sent topic X now?". Every feature
//! that sends or hands over (the sender API's audience, exports to partners) asks it.
//!
//! A person may be sent a topic when all of these hold:
//! - they are not erased, not restricted, and their address has not bounced or complained;
//! - their address is confirmed;
//! - their consent to the topic is granted (a pending double opt-in is not), or the topic is
//!   service notices and they have an active contract.

use sea_orm::{
    Condition, ConnectionTrait, DbErr, JoinType,
    sea_query::{Expr, ExprTrait, Query},
};
use uuid::Uuid;

use crate::store::consent_states as state;
use crate::consents::model::ConsentState;
use crate::store::people;

/// What the rule needs to know about a person.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recipient {
    pub address_confirmed: bool,
    pub restricted: bool,
    pub erased: bool,
    pub bounced: bool,
    pub active_contract: bool,
}

impl Recipient {
    pub fn of(person: &people::Model) -> Self {
        Self {
            address_confirmed: person.email_verified_at.is_some(),
            restricted: person.restricted_at.is_some(),
            erased: person.erased_at.is_some(),
            bounced: person.bounced_at.is_some(),
            active_contract: person.active_contract,
        }
    }
}

pub fn may_send(
    recipient: Recipient,
    service_notices: bool,
    consent: Option<ConsentState>,
) -> bool {
    if recipient.erased || recipient.restricted || recipient.bounced || !recipient.address_confirmed
    {
        return false;
    }
    consent == Some(ConsentState::Granted) || (service_notices && recipient.active_contract)
}

/// The rule as one SQL query over people and consent states.
fn audience_query(topic_key: &str, service_notices: bool) -> sea_orm::sea_query::SelectStatement {
    let consent = |column: state::Column| Expr::col((state::Entity, column));
    let person = |column: people::Column| Expr::col((people::Entity, column));
    let granted = consent(state::Column::State).eq(ConsentState::Granted);
    let reason = if service_notices {
        Condition::any()
            .add(granted)
            .add(person(people::Column::ActiveContract).eq(true))
    } else {
        Condition::all().add(granted)
    };
    let mut query = Query::select();
    query
        .column((people::Entity, people::Column::Id))
        .from(people::Entity)
        .join(
            JoinType::LeftJoin,
            state::Entity,
            Condition::all()
                .add(consent(state::Column::PersonId).equals((people::Entity, people::Column::Id)))
                .add(consent(state::Column::TopicKey).eq(topic_key)),
        )
        .and_where(person(people::Column::ErasedAt).is_null())
        .and_where(person(people::Column::RestrictedAt).is_null())
        .and_where(person(people::Column::BouncedAt).is_null())
        .and_where(person(people::Column::EmailVerifiedAt).is_not_null())
        .cond_where(reason);
    query
}

async fn ids(
    db: &impl ConnectionTrait,
    query: &sea_orm::sea_query::SelectStatement,
) -> Result<Vec<Uuid>, DbErr> {
    db.query_all(query)
        .await?
        .iter()
        .map(|row| row.try_get::<Uuid>("", "id"))
        .collect()
}

/// The ids of everyone who may be sent `topic_key` now. `service_notices` says whether the
/// topic is the service-notices one.
pub async fn audience_ids(
    db: &impl ConnectionTrait,
    topic_key: &str,
    service_notices: bool,
) -> Result<Vec<Uuid>, DbErr> {
    ids(db, &audience_query(topic_key, service_notices)).await
}

/// One page of the audience, in id order, after `after`: for streaming any number of
/// recipients in constant memory.
pub async fn audience_page(
    db: &impl ConnectionTrait,
    topic_key: &str,
    service_notices: bool,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<Uuid>, DbErr> {
    let mut query = audience_query(topic_key, service_notices);
    if let Some(after) = after {
        query.and_where(Expr::col((people::Entity, people::Column::Id)).gt(after));
    }
    query
        .order_by(
            (people::Entity, people::Column::Id),
            sea_orm::sea_query::Order::Asc,
        )
        .limit(limit);
    ids(db, &query).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reachable() -> Recipient {
        Recipient {
            address_confirmed: true,
            ..Recipient::default()
        }
    }

    #[test]
    fn a_granted_consent_to_a_confirmed_address_may_be_sent() {
        assert!(may_send(reachable(), false, Some(ConsentState::Granted)));
    }

    #[test]
    fn a_withdrawn_pending_or_missing_consent_may_not() {
        for consent in [
            Some(ConsentState::Withdrawn),
            Some(ConsentState::Pending),
            None,
        ] {
            assert!(!may_send(reachable(), false, consent), "{consent:?}");
        }
    }

    #[test]
    fn an_unconfirmed_address_may_not_be_sent_anything() {
        let unconfirmed = Recipient {
            address_confirmed: false,
            ..reachable()
        };
        assert!(!may_send(unconfirmed, false, Some(ConsentState::Granted)));
    }

    #[test]
    fn restriction_erasure_and_bounces_stop_everything_even_service_notices() {
        for blocked in [
            Recipient {
                restricted: true,
                active_contract: true,
                ..reachable()
            },
            Recipient {
                erased: true,
                active_contract: true,
                ..reachable()
            },
            Recipient {
                bounced: true,
                active_contract: true,
                ..reachable()
            },
        ] {
            assert!(
                !may_send(blocked, false, Some(ConsentState::Granted)),
                "{blocked:?}"
            );
            assert!(
                !may_send(blocked, true, Some(ConsentState::Granted)),
                "{blocked:?}"
            );
        }
    }

    #[test]
    fn service_notices_go_to_everyone_with_an_active_contract_whatever_they_chose() {
        let customer = Recipient {
            active_contract: true,
            ..reachable()
        };
        assert!(may_send(customer, true, Some(ConsentState::Withdrawn)));
        assert!(may_send(customer, true, None));
        assert!(!may_send(customer, false, None), "only service notices");
        assert!(
            !may_send(reachable(), true, Some(ConsentState::Withdrawn)),
            "without a contract the choice counts"
        );
        assert!(may_send(reachable(), true, Some(ConsentState::Granted)));
    }
}
