//! The client's address, for rate limits and records. `X-Forwarded-For` is believed only when
//! the connection comes from a configured proxy, and then only as far back as the chain runs
//! through trusted proxies: the first address from the right that is not a trusted proxy is
//! the client.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::Response,
};
use ipnet::IpNet;
use prefcentre_app::platform::request::ClientIp;

#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(pub Arc<Vec<IpNet>>);

impl TrustedProxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }

    pub fn client_of(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let Some(chain) = forwarded_for else {
            return peer;
        };
        let mut client = peer;
        for hop in chain.rsplit(',').map(str::trim) {
            let Ok(ip) = hop.parse::<IpAddr>() else { break };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

pub async fn resolve_client_ip(
    State(proxies): State<TrustedProxies>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(peer)) = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .copied()
    {
        let forwarded = request
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok());
        let client = proxies.client_of(peer.ip(), forwarded);
        request.extensions_mut().insert(ClientIp(client));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies(Arc::new(list.iter().map(|n| n.parse().unwrap()).collect()))
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says() {
        assert_eq!(
            proxies(&[]).client_of(ip("203.0.113.9"), Some("198.51.100.1")),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_forwarded_client_counts() {
        let trusted = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            trusted.client_of(ip("10.0.0.5"), Some("198.51.100.1")),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn a_spoofed_entry_left_of_the_real_client_is_ignored() {
        let trusted = proxies(&["10.0.0.0/8"]);
        let chain = "1.2.3.4, 198.51.100.1, 10.0.0.7";
        assert_eq!(
            trusted.client_of(ip("10.0.0.5"), Some(chain)),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn garbage_in_the_header_stops_the_walk() {
        let trusted = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            trusted.client_of(ip("10.0.0.5"), Some("not-an-ip")),
            ip("10.0.0.5")
        );
    }
}
