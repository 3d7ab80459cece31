//! Finding a person: by e-mail, name, phone or postal code, a page at a time. Results carry
//! only what is needed to pick the right person; their data is on the person's page, where
//! each view is recorded.

use sea_orm::{
    ColumnTrait, Condition, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};

use crate::admin::search::Found;
use crate::admin::search::SearchResults;
use crate::store::people;
use crate::platform::context::AppContext;

pub const PAGE_SIZE: u64 = 20;
/// Queries shorter than this would list nearly everyone.
pub const MIN_QUERY: usize = 2;

/// `page` counts from 1.
pub async fn search(ctx: &AppContext, query: &str, page: u64) -> Result<SearchResults, DbErr> {
    let query = query.trim();
    let page = Ord::max(page, 1);
    if query.chars().count() < MIN_QUERY {
        return Ok(SearchResults {
            query: query.to_owned(),
            page,
            people: Vec::new(),
            next: None,
            previous: None,
        });
    }
    let pattern = format!(
        "%{}%",
        // LIKE's wildcards and escape are taken out: the query is text, not a pattern.
        query.to_lowercase().replace(['\\', '%', '_'], "")
    );
    let digits: String = query.chars().filter(char::is_ascii_digit).collect();
    let lower = |column: people::Column| Expr::expr(Func::lower(Expr::col(column)));
    let mut matches = Condition::any()
        .add(lower(people::Column::Email).like(pattern.clone()))
        .add(lower(people::Column::FullName).like(pattern))
        .add(people::Column::PostalCode.eq(query));
    if digits.len() >= 4 {
        matches = matches.add(people::Column::Phone.like(format!("%{digits}%")));
    }
    let mut rows = people::Entity::find()
        .filter(people::Column::ErasedAt.is_null())
        .filter(matches)
        .order_by_asc(people::Column::FullName)
        .order_by_asc(people::Column::Email)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
        .all(&ctx.db)
        .await?;
    let has_more = rows.len() as u64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let encoded: String = url::form_urlencoded::byte_serialize(query.as_bytes()).collect();
    let page_link = |n: u64| format!("/admin?q={encoded}&page={n}");
    Ok(SearchResults {
        next: has_more.then(|| page_link(page + 1)),
        previous: (page > 1).then(|| page_link(page - 1)),
        query: query.to_owned(),
        page,
        people: rows
            .into_iter()
            .map(|p| Found {
                id: p.id.to_string(),
                name: p.full_name,
                email: p.email,
                city: p.city,
            })
            .collect(),
    })
}
