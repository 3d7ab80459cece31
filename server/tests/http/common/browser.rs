//! A browser-like HTTP client: keeps cookies, sends `Origin` and `Sec-Fetch-Site` on posts as
//! a browser does, and fills in the CSRF token from the page a form was on.

use reqwest::{Response, StatusCode, header};

pub struct Browser {
    pub client: reqwest::Client,
    pub base: String,
    /// The CSRF token of the last page loaded.
    token: Option<String>,
}

pub struct Page {
    pub status: StatusCode,
    pub html: String,
    pub headers: header::HeaderMap,
}

impl Page {
    /// The text of the element with this `class` (the first one), crudely: enough for tests.
    pub fn contains(&self, text: &str) -> bool {
        self.html.contains(&text.replace('\'', "&#x27;")) || self.html.contains(text)
    }
}

pub fn html_client() -> reqwest::Client {
    let mut headers = header::HeaderMap::new();
    headers.insert(
        header::ACCEPT,
        "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
            .parse()
            .unwrap(),
    );
    headers.insert(
        header::USER_AGENT,
        "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
            .parse()
            .unwrap(),
    );
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

pub fn extract_csrf(html: &str) -> Option<String> {
    let start = html.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

impl Browser {
    pub fn new(base: &str) -> Self {
        Self {
            client: html_client(),
            base: base.to_owned(),
            token: None,
        }
    }

    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let response = self.client.get(self.url(path)).send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let html = response.text().await.unwrap();
        if let Some(token) = extract_csrf(&html) {
            self.token = Some(token);
        }
        Page {
            status,
            html,
            headers,
        }
    }

    /// Follows redirects like a browser, returning the final page.
    pub async fn get_following(&mut self, path: &str) -> Page {
        let mut path = path.to_owned();
        for _ in 0..5 {
            let page = self.get(&path).await;
            if !page.status.is_redirection() {
                return page;
            }
            path = page.headers[header::LOCATION].to_str().unwrap().to_owned();
        }
        panic!("too many redirects");
    }

    /// Posts a form the way a browser with JavaScript off does, with the page's CSRF token.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.post_accepting(path, fields, None).await
    }

    /// Posts a form as the hydrated page's script does (asking for JSON, not a redirect), so
    /// the status says how the server function answered: 401, 403, 422 or 200.
    pub async fn post_as_script(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.post_accepting(path, fields, Some("application/json"))
            .await
    }

    async fn post_accepting(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        accept: Option<&str>,
    ) -> Response {
        let token = self
            .token
            .clone()
            .expect("load the form's page before posting it");
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", &token));
        let mut request = self
            .client
            .post(self.url(path))
            .header(header::ORIGIN, &self.base)
            .header("sec-fetch-site", "same-origin");
        if let Some(accept) = accept {
            request = request.header(header::ACCEPT, accept);
        }
        request.form(&form).send().await.unwrap()
    }

    /// Posts, then follows the redirect and returns the page it leads to.
    pub async fn submit(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let response = self.post(path, fields).await;
        assert!(
            response.status().is_redirection(),
            "a form post answers with a redirect, got {}",
            response.status()
        );
        let location = response.headers()[header::LOCATION]
            .to_str()
            .unwrap()
            .to_owned();
        self.get_following(&location).await
    }
}
