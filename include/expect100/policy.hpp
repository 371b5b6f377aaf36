// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The policy layer: every decision a machine leaves to its traits, as enums. A traits type (a
// preset, or the caller's own) picks one value of each; the machines read them and nothing
// else decides those rules. Presets and the docs' tables need only this header, not the
// machines. Each value names the RFC rule or the peer it follows (docs/requirements.md,
// docs/peers.md).
#ifndef EXPECT100_POLICY_HPP
#define EXPECT100_POLICY_HPP

#include <cstdint>

namespace expect100 {

// ---- Client (client.hpp) -------------------------------------------------------------------

enum class expect_use : std::uint8_t {
    never,         // never send Expect
    always,        // every request with content (botocore for S3)
    large_bodies,  // content of unknown length or at least Traits::expect_threshold bytes (curl)
    learned,       // as large_bodies, unless the origin record says Expect is refused or useless
};

enum class body_release : std::uint8_t {
    on_100,                    // only a 100 releases the body; 102, 103, ... are ignored (default)
    on_100_or_unrecognised,    // also an unrecognised 1xx such as 150, read as 100 (G-20)
    on_any_1xx,                // any 1xx releases it (h11, aiohttp)
    non_100_is_final,          // any other status ends the request unsent (botocore, Beast snippet)
};

enum class client_early_final : std::uint8_t {
    stop_and_close,     // do not send (or stop sending) the body; close after the response
    keep_sending,       // send the whole body unless the response says close (RFC 9110 §7.5)
    end_chunked_early,  // a chunked body ends at once with its last chunk; otherwise stop and close
};

enum class retry_policy : std::uint8_t { never, once };

// ---- Origin server (server.hpp); the intermediary shares the server's for its client side ----

// When an owed 100 Continue is sent.
enum class continue_timing : std::uint8_t {
    on_head,        // as soon as the head is in, before the application decides (nginx, Envoy)
    on_accept,      // when the application accepts the head (or first reads the body)
    on_first_read,  // lazily, when the application first reads the body (Go, hyper, httpd)
    never,          // never: the client's own timer releases the body (legacy servers)
};

enum class unknown_expectation_action : std::uint8_t {
    ignore,      // process the request as if the unknown member were absent
    reject_417,  // answer 417 Expectation Failed (S-11)
};

enum class malformed_expectation_action : std::uint8_t {
    reject_400,  // answer 400 and close: the field breaks its grammar
    ignore,      // process the request as if it had no Expect field
};

enum class early_final_action : std::uint8_t {
    close,    // Connection: close on the response, then close (S-7, S-9)
    discard,  // keep the connection; read and drop the rest of the body within caps (S-8)
    // close while no body byte has come and no 100 went out, else discard (the default of the
    // RFC 9110 intermediary, T-P-17): a client that got the final before sending any body may
    // repeat its request on the same connection without that body (curl 7.88 after a 417), and
    // reading its retry as the announced body would lose it; a body already flowing, or
    // released by a 100, is read and dropped within the caps, as with discard.
    close_if_unstarted,
};

// The one place of the early_final_action rule: must the connection close (rather than read and
// drop the rest of the body) after a final response sent while the body is still due?
// `body_started`: a body byte came; `continue_sent`: a 100 went to the client (the body is on
// its way). The byte cap and a connection already closing are the caller's other reasons.
constexpr bool early_final_closes(early_final_action a, bool body_started,
                                  bool continue_sent) noexcept {
    switch (a) {
    case early_final_action::close:
        return true;
    case early_final_action::discard:
        return false;
    case early_final_action::close_if_unstarted:
        return !body_started && !continue_sent;
    }
    return true;
}

enum class stall_action : std::uint8_t {
    wait,                // no deadline of our own
    close,               // close without a response
    send_408_and_close,  // 408 Request Timeout, then close (S-16)
};

// RFC 2068/2616 let a server send 100 to an HTTP/1.1 PUT or POST that did not ask (S-14).
enum class unsolicited_continue : std::uint8_t {
    off,                  // only requests with 100-continue are ever sent a 100 (default)
    http11_put_and_post,  // also HTTP/1.1 PUT and POST with content (2068 compatibility)
};

// ---- Intermediary (intermediary.hpp) ------------------------------------------------------------

// What goes upstream when a head with 100-continue arrives.
enum class expect_forwarding : std::uint8_t {
    keep_expect,       // forward the head at once, Expect unchanged (RFC 9110, HAProxy, KEMP)
    strip_and_answer,  // answer 100 ourselves at once, forward without Expect (Envoy, gateway)
    buffer_request,    // answer 100, read the whole body, then forward without Expect (nginx)
};

enum class continue_relay : std::uint8_t {
    relay,     // relay the upstream 100 at once (P-4)
    withhold,  // never relay it (the outage's balancer; a defect)
};

enum class other_1xx_relay : std::uint8_t {
    relay,       // relay 102, 103, ... as they come (HAProxy)
    first_only,  // relay only the first 1xx of the response (Envoy's proxy_100_continue)
    drop,        // relay none (nginx toward an HTTP/1.0 upstream)
};

enum class early_body_action : std::uint8_t {
    forward,              // it is the request's content: forward it (P-12)
    hold_until_continue,  // stop reading it until the upstream 100 (KEMP "Require 100-Continue")
    reject_501,           // take it for a new request and answer 501 (KEMP default; the outage)
};

enum class http10_hop_action : std::uint8_t {
    own_100,     // answer 100 ourselves and forward without Expect (RFC 9110 P-2)
    reject_417,  // answer 417 and do not forward (RFC 2616 §8.2.3)
};

// A 417 from upstream to the Expect we forwarded, before any body byte went up. RFC 9110
// §10.1.1: a 417 "merely indicates that the response chain does not support expectations", and
// the client that gets it SHOULD repeat the request without Expect. Upstream, the intermediary is
// that client; downstream it may answer the 100 itself, as it may toward an HTTP/1.0 hop (P-2).
enum class upstream_417_action : std::uint8_t {
    relay,                 // relay the 417; the client repeats the request if it can (HAProxy)
    retry_without_expect,  // repeat the head upstream without Expect on a new connection, send
                           // our own 100 if still owed, and stream the body (T-P-18)
};

// A second 100 from upstream after one already reached the client.
enum class duplicate_continue_relay : std::uint8_t {
    relay,     // relay it too (P-4; the client copes, C-6)
    coalesce,  // drop it: the client has had its 100
};

// Whether the intermediary asks upstream for a 100 that the client did not ask for (Apache
// httpd's `ping=`: a liveness probe before the body goes; P-4's exception: that 100 is ours,
// never relayed).
enum class added_expectation : std::uint8_t {
    never,  // forward what the client sent
    probe,  // add Expect: 100-continue to requests with content; no 100 in time: 503
};

} // namespace expect100

#endif // EXPECT100_POLICY_HPP
