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

    /// The client behind `peer`, given every `X-Forwarded-For` header line in order. A proxy
    /// that appends a line of its own instead of extending the last one is read the same way:
    /// the lines are one list, walked from the right.
    pub fn client_of<'a>(
        &self,
        peer: IpAddr,
        forwarded_for: impl DoubleEndedIterator<Item = &'a str>,
    ) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        for hop in forwarded_for.rev().flat_map(|line| line.rsplit(',')) {
            let Some(ip) = hop_address(hop) else { break };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// One entry of the list: `ip`, `ip:port`, `[v6]` or `[v6]:port`.
fn hop_address(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(socket) = hop.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    hop.strip_prefix('[')?.strip_suffix(']')?.parse().ok()
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
        // A line that is not text is no address: it ends the walk like any garbage.
        let lines: Vec<&str> = request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .map(|v| v.to_str().unwrap_or("?"))
            .collect();
        let client = proxies.client_of(peer.ip(), lines.into_iter());
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
            proxies(&[]).client_of(ip("203.0.113.9"), ["198.51.100.1"].into_iter()),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_forwarded_client_counts() {
        let trusted = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            trusted.client_of(ip("10.0.0.5"), ["198.51.100.1"].into_iter()),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn a_spoofed_entry_left_of_the_real_client_is_ignored() {
        let trusted = proxies(&["10.0.0.0/8"]);
        let chain = "1.2.3.4, 198.51.100.1, 10.0.0.7";
        assert_eq!(
            trusted.client_of(ip("10.0.0.5"), [chain].into_iter()),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn garbage_in_the_header_stops_the_walk() {
        let trusted = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            trusted.client_of(ip("10.0.0.5"), ["not-an-ip"].into_iter()),
            ip("10.0.0.5")
        );
    }

    #[test]
    fn a_line_a_proxy_appended_does_not_let_the_client_choose() {
        // The client sends its own `X-Forwarded-For: 1.2.3.4`; the proxy adds a second line
        // with the address it saw. The first line alone would believe the client.
        let trusted = proxies(&["10.0.0.0/8"]);
        let lines = ["1.2.3.4", "198.51.100.1"];
        assert_eq!(
            trusted.client_of(ip("10.0.0.5"), lines.into_iter()),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn entries_with_ports_and_brackets_are_read() {
        let trusted = proxies(&["10.0.0.0/8", "fd00::/8"]);
        for (entry, client) in [
            ("198.51.100.1:4711", "198.51.100.1"),
            ("[2001:db8::7]:443", "2001:db8::7"),
            ("[2001:db8::7]", "2001:db8::7"),
            ("2001:db8::7", "2001:db8::7"),
        ] {
            let chain = format!("{entry}, [fd00::1]:80");
            assert_eq!(
                trusted.client_of(ip("10.0.0.5"), [chain.as_str()].into_iter()),
                ip(client),
                "{entry}"
            );
        }
    }
}
