//! The consent tables.

pub mod topic {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "consent_topics")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub key: String,
        pub version: i32,
        pub sort_order: i32,
        pub title: String,
        pub wording: String,
        pub channel: String,
        pub double_opt_in: bool,
        pub service_notices: bool,
        pub active: bool,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod ledger {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "consent_ledger")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub seq: i64,
        pub person_id: Uuid,
        pub topic_key: String,
        pub topic_version: i32,
        pub state: String,
        pub previous_state: String,
        pub occurred_at: DateTimeUtc,
        pub source: String,
        pub actor_kind: String,
        pub actor_id: Option<Uuid>,
        pub reason: Option<String>,
        pub wording: String,
        pub policy_version: i32,
        pub change_id: Uuid,
        pub ip: Option<String>,
        pub user_agent: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod state {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "consent_states")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub person_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub topic_key: String,
        pub state: String,
        pub topic_version: i32,
        pub last_seq: i64,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod policy_version {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "policy_versions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub version: i32,
        pub effective_at: DateTimeUtc,
        pub material: bool,
        pub summary: String,
        /// The policy's text (Markdown-like plain text: paragraphs and `## ` headings).
        pub body: String,
        /// While notices of a material change remain to be queued: the next one's send time.
        pub announce_next_at: Option<DateTimeUtc>,
        /// The last person a notice was queued for (people go in id order).
        pub announce_after: Option<Uuid>,
        pub notices_queued: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
