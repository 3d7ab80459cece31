//! Server functions that manage staff and partners: admins only, each checked on the server.

#[cfg(feature = "ssr")]
use crate::paths;

#[cfg(feature = "ssr")]
use super::{api::SHOWN_ONCE_KEY, support::*};
use crate::forms::FormState;
use leptos::prelude::*;

/// Invites a staff member: their set-up link is shown once, to hand over in person.
#[server(endpoint = "admin/manage/staff-invite")]
pub async fn invite_staff(
    staff_email: String,
    staff_name: String,
    staff_role: String,
) -> Result<FormState, ServerFnError> {
    use crate::admin::manage::ShownOnce;
    use crate::admin::sign_in::setup;
    use crate::domain::StaffRole;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{audit::Actor, context::AppContext, request::RequestInfo};

    const FORM: &str = "invite_staff";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let me = admin(&ctx, FORM).await?;
        let locale = current_locale();
        let mut state = FormState::new(FORM)
            .keep("staff_email", &staff_email)
            .keep("staff_name", &staff_name)
            .keep("staff_role", &staff_role);
        let email = state.check_as(
            "staff_email",
            crate::domain::EmailAddress::parse(&staff_email),
        );
        let name = state.check_as("staff_name", crate::domain::PersonName::parse(&staff_name));
        let role = StaffRole::parse(&staff_role);
        if role.is_none() {
            state.refuse("staff_role", tr!(locale, common.choose_from_list));
        }
        let (Some(email), Some(name), Some(role)) = (email, name, role) else {
            return refused(state, paths::ADMIN_MANAGE);
        };
        let name = name.as_str();
        match setup::create(
            &ctx,
            &email,
            name,
            role,
            Actor::Staff(me.id),
            &RequestInfo::current(),
        )
        .await
        {
            Ok(link) => {
                let session = crate::forms::ssr::session()?;
                let shown = ShownOnce {
                    label: tr!(locale, admin.setup_link_label, name = name),
                    value: link,
                };
                crate::platform::shown_once::put(&session, &ctx.keys, SHOWN_ONCE_KEY, &shown)
                    .await
                    .map_err(internal)?;
                done(tr!(locale, admin.staff_invited))
            }
            Err(setup::StaffError::Exists) => {
                state.refuse("staff_email", tr!(locale, admin.staff_exists));
                refused(state, paths::ADMIN_MANAGE)
            }
            Err(setup::StaffError::Database(err)) => Err(err.into()),
        }
    })
    .await
}

#[server(endpoint = "admin/manage/staff-disable")]
pub async fn disable_staff(staff: String) -> Result<FormState, ServerFnError> {
    use crate::admin::manage::ssr as manage;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "disable_staff";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let me = admin(&ctx, FORM).await?;
        let member = id(&staff)?;
        if manage::disable_staff(&ctx, &RequestInfo::current(), me.id, member)
            .await
            .map_err(internal)?
        {
            done(tr!(current_locale(), admin.staff_disabled))
        } else {
            let mut state = FormState::new(FORM);
            state.problem = Some(tr!(current_locale(), admin.staff_not_disabled).to_owned());
            refused(state, paths::ADMIN_MANAGE)
        }
    })
    .await
}

#[server(endpoint = "admin/manage/partner-add")]
pub async fn add_partner(partner_name: String) -> Result<FormState, ServerFnError> {
    use crate::admin::manage::partners::Added;
    use crate::admin::manage::partners::add;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "add_partner";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let me = admin(&ctx, FORM).await?;
        let locale = current_locale();
        let mut state = FormState::new(FORM).keep("partner_name", &partner_name);
        match add(&ctx, &RequestInfo::current(), me.id, &partner_name)
            .await
            .map_err(internal)?
        {
            Added::Done => done(tr!(locale, admin.partner_added)),
            Added::NameMissing => {
                state.refuse("partner_name", tr!(locale, admin.partner_name_missing));
                refused(state, paths::ADMIN_MANAGE)
            }
            Added::NameTaken => {
                state.refuse("partner_name", tr!(locale, admin.partner_name_taken));
                refused(state, paths::ADMIN_MANAGE)
            }
        }
    })
    .await
}

#[server(endpoint = "admin/manage/partner-retire")]
pub async fn retire_partner(partner: String) -> Result<FormState, ServerFnError> {
    use crate::admin::manage::partners::retire;
    use crate::i18n::{current_locale, tr};
    use crate::platform::{context::AppContext, request::RequestInfo};

    const FORM: &str = "retire_partner";
    settle(FORM, async {
        let ctx = AppContext::current()?;
        let me = admin(&ctx, FORM).await?;
        retire(&ctx, &RequestInfo::current(), me.id, id(&partner)?)
            .await
            .map_err(internal)?;
        done(tr!(current_locale(), admin.partner_retired))
    })
    .await
}
