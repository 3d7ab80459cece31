//! Composing one message: rendering its template in the recipient's context, minting the
//! link it carries at send time, and the list headers of newsletters (RFC 2369 and 8058).

use super::*;

use lettre::{
    Message,
    message::{Mailbox, MultiPart},
};
use sea_orm::DbErr;

use crate::outbox::{
    kinds::MailKind,
    render::{MailContext, render},
    transport::SendError,
};
use crate::store::outbox as entity;

impl OutboxWorker {
    /// Renders the message. Database errors abort the round; anything else about this row is
    /// a send error (permanent when retrying cannot help).
    pub(super) async fn compose(
        &self,
        row: &entity::Model,
        to: Option<&str>,
        token: Option<String>,
    ) -> Result<Result<(String, Message), SendError>, DbErr> {
        let permanent = |message: String| {
            Ok(Err(SendError {
                permanent: true,
                message,
            }))
        };
        let Some(kind) = MailKind::parse(&row.kind) else {
            return permanent(format!("unknown mail kind {}", row.kind));
        };
        let (Some(person_id), Some(to)) = (row.person_id, to) else {
            return permanent("the recipient no longer exists".into());
        };
        let Ok(to) = to.parse::<Mailbox>() else {
            return permanent("the recipient address is not deliverable".into());
        };
        let locale = crate::i18n::negotiate::from_code(&row.locale)
            .unwrap_or(self.ctx.public.default_language);
        let mut vars: serde_json::Value = row
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_default();
        crate::outbox::words::localize(&mut vars, locale, self.ctx.public.time_zone);
        let base_url = self.ctx.public.base_url.as_str();
        let link = match link_for(kind) {
            // The token was minted with the person under lock (see `deliver`).
            Some((_, path)) => match token {
                Some(token) => Some(format!("{base_url}{path}?token={token}")),
                None => return permanent("no link could be minted for the person".into()),
            },
            None if kind == MailKind::ProfileLink => {
                Some(crate::platform::newsletter_links::profile_url(
                    &self.ctx,
                    person_id,
                    self.ctx.clock.now(),
                ))
            }
            None => None,
        };
        let mail = MailContext {
            org: &self.ctx.public.organisation,
            base_url,
            link: link.as_deref(),
            vars: &vars,
        };
        let rendered = match render(kind, locale, &mail) {
            Ok(rendered) => rendered,
            Err(err) => return permanent(err.to_string()),
        };
        let mut message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(rendered.subject.clone())
            .message_id(Some(row.message_id.clone()));
        // A mail about a topic carries that topic's one-click unsubscribe (RFC 8058).
        if let Some(topic) = vars.get("list_topic").and_then(|t| t.as_str()) {
            let (list, post) = crate::platform::newsletter_links::list_unsubscribe_headers(
                &self.ctx,
                person_id,
                topic,
                self.ctx.clock.now(),
            );
            message = message
                .header(ListUnsubscribe(list))
                .header(ListUnsubscribePost(post));
        }
        let message = message.multipart(MultiPart::alternative_plain_html(
            rendered.text,
            rendered.html,
        ));
        match message {
            Ok(message) => Ok(Ok((rendered.subject, message))),
            Err(err) => permanent(format!("cannot build the message: {err}")),
        }
    }
}

macro_rules! raw_header {
    ($name:ident, $header:literal) => {
        #[derive(Clone)]
        struct $name(String);

        impl lettre::message::header::Header for $name {
            fn name() -> lettre::message::header::HeaderName {
                lettre::message::header::HeaderName::new_from_ascii_str($header)
            }

            fn parse(value: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
                Ok(Self(value.to_owned()))
            }

            fn display(&self) -> lettre::message::header::HeaderValue {
                lettre::message::header::HeaderValue::new(Self::name(), self.0.clone())
            }
        }
    };
}

raw_header!(ListUnsubscribe, "List-Unsubscribe");
raw_header!(ListUnsubscribePost, "List-Unsubscribe-Post");
