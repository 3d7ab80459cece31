//! The catalogue of consent topics, seeded from the policy. A topic's wording never changes
//! once people agreed to it: new wording is a new version (a new row), and every ledger entry
//! names the version and keeps the exact words.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (key, order, title, wording, channel, double opt-in, service notices)
const TOPICS: [(&str, i32, &str, &str, &str, bool, bool); 8] = [
    (
        "newsletter",
        1,
        "Newsletter",
        "Send me the free newsletter by e-mail, with news about products, events and the community. I can unsubscribe from every issue.",
        "email",
        true,
        false,
    ),
    (
        "product_announcements",
        2,
        "Product announcements",
        "Keep me posted by e-mail on new products and releases.",
        "email",
        false,
        false,
    ),
    (
        "marketing",
        3,
        "Offers on similar products",
        "Contact me by e-mail with marketing about products similar to those I have shown interest in or bought.",
        "email",
        false,
        false,
    ),
    (
        "surveys",
        4,
        "Online surveys",
        "Invite me by e-mail to online surveys about products and services.",
        "email",
        false,
        false,
    ),
    (
        "competitions",
        5,
        "Competitions and promotions",
        "Tell me by e-mail about competitions and promotions, including those run with partners.",
        "email",
        false,
        false,
    ),
    (
        "sales_contact",
        6,
        "Contact from our sales team",
        "Let a member of the sales team contact me by phone about products I may be interested in.",
        "phone",
        false,
        false,
    ),
    (
        "partner_contact",
        7,
        "Contact from partners",
        "Let partners (resellers and distributors) receive my contact details and contact me about products I may be interested in.",
        "email",
        false,
        false,
    ),
    (
        "service_notices",
        8,
        "Notices about terms and policies",
        "Send me notices about changes to the terms, conditions and policies that apply to me.",
        "email",
        false,
        true,
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ConsentTopics::Table)
                    .col(pk_auto(ConsentTopics::Id))
                    .col(string_len(ConsentTopics::Key, 64))
                    .col(integer(ConsentTopics::Version))
                    .col(integer(ConsentTopics::SortOrder))
                    .col(string_len(ConsentTopics::Title, 200))
                    .col(text(ConsentTopics::Wording))
                    // email | phone | post
                    .col(string_len(ConsentTopics::Channel, 8))
                    .col(boolean(ConsentTopics::DoubleOptIn))
                    // Service notices are not a consent: on while a contract is active.
                    .col(boolean(ConsentTopics::ServiceNotices))
                    .col(boolean(ConsentTopics::Active).default(true))
                    .col(timestamp_with_time_zone(ConsentTopics::CreatedAt))
                    .index(
                        Index::create()
                            .name("idx_consent_topics_key_version")
                            .col(ConsentTopics::Key)
                            .col(ConsentTopics::Version)
                            .unique(),
                    )
                    .to_owned(),
            )
            .await?;
        for (key, order, title, wording, channel, double_opt_in, service) in TOPICS {
            let insert = Query::insert()
                .into_table(ConsentTopics::Table)
                .columns([
                    ConsentTopics::Key,
                    ConsentTopics::Version,
                    ConsentTopics::SortOrder,
                    ConsentTopics::Title,
                    ConsentTopics::Wording,
                    ConsentTopics::Channel,
                    ConsentTopics::DoubleOptIn,
                    ConsentTopics::ServiceNotices,
                    ConsentTopics::Active,
                    ConsentTopics::CreatedAt,
                ])
                .values_panic([
                    key.into(),
                    1.into(),
                    order.into(),
                    title.into(),
                    wording.into(),
                    channel.into(),
                    double_opt_in.into(),
                    service.into(),
                    true.into(),
                    Expr::cust("'2018-05-25T00:00:00+00:00'"),
                ])
                .to_owned();
            manager.exec_stmt(insert).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ConsentTopics::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum ConsentTopics {
    Table,
    Id,
    Key,
    Version,
    SortOrder,
    Title,
    Wording,
    Channel,
    DoubleOptIn,
    ServiceNotices,
    Active,
    CreatedAt,
}
