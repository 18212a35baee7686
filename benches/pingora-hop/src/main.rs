//! `LISTEN=127.0.0.1:PORT UPSTREAM=127.0.0.1:PORT pingora-hop`: every request to UPSTREAM over
//! pooled keep-alive connections, nothing else — the cost of one pingora hop.

use async_trait::async_trait;
use pingora_core::Result;
use pingora_core::server::Server;
use pingora_core::server::configuration::ServerConf;
use pingora_core::upstreams::peer::HttpPeer;
use pingora_proxy::{ProxyHttp, Session, http_proxy_service};

struct Hop(String);

#[async_trait]
impl ProxyHttp for Hop {
    type CTX = ();

    fn new_ctx(&self) {}

    async fn upstream_peer(&self, _session: &mut Session, _ctx: &mut ()) -> Result<Box<HttpPeer>> {
        Ok(Box::new(HttpPeer::new(self.0.as_str(), false, String::new())))
    }
}

fn main() {
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let (listen, upstream) = (var("LISTEN"), var("UPSTREAM"));
    // Two threads, like the sidecar's runtime and the hyper hop on this 2-core machine.
    let conf = ServerConf {
        threads: 2,
        upstream_keepalive_pool_size: 256,
        ..ServerConf::default()
    };
    let mut server = Server::new_with_opt_and_conf(None, conf);
    server.bootstrap();
    let mut proxy = http_proxy_service(&server.configuration, Hop(upstream));
    proxy.add_tcp(&listen);
    server.add_service(proxy);
    server.run_forever();
}
