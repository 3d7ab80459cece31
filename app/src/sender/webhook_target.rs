//! Where a webhook may post. A webhook URL is typed by an operator, and the server then makes
//! requests to it on its own: without checks it is a way into the network the server sits in
//! (a metadata service, a database admin page on 10.x). In production a target must be https,
//! and every address it reaches must be public: checked when the webhook is added, and again
//! at every connection through a resolver that drops non-public answers (a name that resolved
//! to a public address yesterday may not today). Redirects are never followed.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use url::Url;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("a webhook URL must be https")]
    NotHttps,
    #[error("a webhook URL must be http or https")]
    Scheme,
    #[error("a webhook URL needs a host")]
    NoHost,
    #[error("a webhook may not post to a private, loopback, link-local or metadata address")]
    NotPublic,
}

/// Whether `url` may be a webhook's target (`strict`: production's rules).
pub fn check(url: &Url, strict: bool) -> Result<(), TargetError> {
    match url.scheme() {
        "https" => {}
        "http" if !strict => {}
        "http" => return Err(TargetError::NotHttps),
        _ => return Err(TargetError::Scheme),
    }
    let host = url.host().ok_or(TargetError::NoHost)?;
    let literal = match host {
        url::Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
        url::Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
        url::Host::Domain(name) if name.eq_ignore_ascii_case("localhost") => {
            Some(IpAddr::V4(Ipv4Addr::LOCALHOST))
        }
        url::Host::Domain(_) => None,
    };
    match literal {
        Some(ip) if strict && !is_public(ip) => Err(TargetError::NotPublic),
        _ => Ok(()),
    }
}

/// An address on the public internet: not loopback, private, shared (CGNAT), link-local
/// (which holds the cloud metadata services), unique-local, multicast, unspecified,
/// documentation or benchmarking ranges.
pub fn is_public(ip: IpAddr) -> bool {
    match ip.to_canonical() {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_unspecified()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..=127).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (18..=19).contains(&b))
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || first == 0x2001 && ip.segments()[1] == 0x0db8)
}

/// A resolver that answers only with public addresses, so the connection itself can never
/// reach anything else, whatever the name resolves to at that moment.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async move {
            let found = tokio::net::lookup_host((name.as_str(), 0)).await?;
            let public: Vec<SocketAddr> = found.filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                return Err(Box::new(std::io::Error::other(TargetError::NotPublic))
                    as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The client webhooks are posted with: no redirects, a short timeout, and (strict) only
/// public addresses.
pub fn client(strict: bool) -> reqwest::Result<reqwest::Client> {
    let builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(10));
    let builder = if strict {
        builder.dns_resolver(Arc::new(PublicOnly))
    } else {
        builder
    };
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn production_takes_only_https_to_public_addresses() {
        assert_eq!(check(&url("https://hooks.example.com/in"), true), Ok(()));
        assert_eq!(
            check(&url("http://hooks.example.com/in"), true),
            Err(TargetError::NotHttps)
        );
        assert_eq!(
            check(&url("ftp://hooks.example.com/in"), true),
            Err(TargetError::Scheme)
        );
        for target in [
            "https://127.0.0.1/",
            "https://localhost:8080/",
            "https://10.1.2.3/",
            "https://172.20.0.1/",
            "https://192.168.1.1/",
            "https://169.254.169.254/latest/meta-data/",
            "https://100.100.100.200/",
            "https://[::1]/",
            "https://[fd00::1]/",
            "https://[fe80::1]/",
            "https://[::ffff:10.0.0.1]/",
            "https://0.0.0.0/",
        ] {
            assert_eq!(
                check(&url(target), true),
                Err(TargetError::NotPublic),
                "{target}"
            );
        }
        assert_eq!(check(&url("https://93.184.215.14/"), true), Ok(()));
    }

    #[test]
    fn development_may_post_to_a_local_receiver() {
        assert_eq!(check(&url("http://127.0.0.1:9000/hook"), false), Ok(()));
        assert_eq!(
            check(&url("file:///etc/passwd"), false),
            Err(TargetError::Scheme)
        );
    }

    #[tokio::test]
    async fn the_strict_client_cannot_connect_to_a_name_that_resolves_to_loopback() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let client = client(true).unwrap();
        let err = client
            .post(format!("https://localhost:{port}/hook"))
            .send()
            .await
            .unwrap_err();
        assert!(err.is_connect() || err.is_request(), "{err:?}");
    }
}
