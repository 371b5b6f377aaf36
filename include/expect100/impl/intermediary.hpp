// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Out-of-line bodies of basic_intermediary (see intermediary.hpp).
#ifndef EXPECT100_IMPL_INTERMEDIARY_HPP
#define EXPECT100_IMPL_INTERMEDIARY_HPP

#include <expect100/intermediary.hpp>  // so this header also compiles alone

namespace expect100 {

template <class Traits, class Trace>
void basic_intermediary<Traits, Trace>::close_upstream(step& s) noexcept {
    if (upstream_ != upstream_use::none) {
        s.actions.push_back(action::make(action_kind::close, action_side::upstream));
        upstream_ = upstream_use::none;
    }
}

template <class Traits, class Trace>
void basic_intermediary<Traits, Trace>::own_continue(step& s) noexcept {
    if (continue_ == downstream_continue::owed) {
        s.actions.push_back(action::make(action_kind::send_continue));
        continue_ = downstream_continue::own;
    }
}

template <class Traits, class Trace>
void basic_intermediary<Traits, Trace>::start_final(std::uint16_t status, final_source source,
                                                    intermediary_event on, time_point now, step& s,
                                                    trace_reason why) noexcept {
    if (continue_ == downstream_continue::owed) {
        continue_ = downstream_continue::skipped;  // never a 100 after the final response
    }
    grace_at_ = time::no_deadline();
    upstream_at_ = time::no_deadline();
    // The body stops going upstream; that connection cannot be reused with it half-sent.
    if (body_ == body_flow::forwarding || body_ == body_flow::held || body_ == body_flow::waiting) {
        if (body_ == body_flow::forwarding) {
            s.actions.push_back(action::make(action_kind::stop_body, action_side::upstream));
        }
        body_ = body_flow::stopped;
        if (upstream_ == upstream_use::reusable) {
            upstream_ = upstream_use::spent;
        }
    }
    if (body_due()) {  // the client's body is still coming: close, or read and drop it (P-15)
        const bool known = framing_ == body_framing::content_length;
        const after_early_final plan = plan_after_early_final(
            policy().after_early_final, reuse_ == reuse::close,
            {known, known ? content_length_ - received_ : 0}, received_ != 0,
            continue_ == downstream_continue::relayed || continue_ == downstream_continue::own,
            policy().discard_byte_limit);
        reuse_ = plan.closes ? reuse::close : reuse::after_discarding;
        discard_limit_ = plan.discard_limit;
        if (!plan.closes) drain_at_ = time::after(now, duration(policy().discard_time_limit));
    }
    if (reuse_ == reuse::close) {
        s.actions.push_back(action::make(action_kind::add_close));
    }
    s.actions.push_back(source == final_source::own
                            ? action::send_final(status)
                            : action::relay(action_kind::relay_final, status));
    if (reuse_ == reuse::after_discarding) {
        s.actions.push_back(action::discard_body(discard_limit_));
    }
    core_.commit(s, on, intermediary_state::relaying_response, now, status, why);
}

template <class Traits, class Trace>
void basic_intermediary<Traits, Trace>::give_up_upstream(std::uint16_t status,
                                                         intermediary_event on, time_point now,
                                                         step& s) noexcept {
    close_upstream(s);
    reuse_ = reuse::close;
    start_final(status, final_source::own, on, now, s, trace_reason::deadline_passed);
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_request_head(const request_facts& head,
                                                                     next_hop_version hop,
                                                                     time_point now,
                                                                     local_answer answer) noexcept {
    using S = intermediary_state;
    step s;
    if (!core_.admit(intermediary_event::request_head, now, s)) return s;
    clear_deadlines();
    content_length_ = head.content_length;
    received_ = 0;
    discard_limit_ = 0;
    framing_ = head.has_content() ? head.framing : body_framing::none;
    body_ = head.has_content() ? body_flow::waiting : body_flow::none;
    body_in_ = body_in::due;
    continue_ = downstream_continue::not_owed;
    client_version_ = head.version;
    const bool http10_client = client_version_ == http_version::http_1_0;
    // P-8: no persistence with an HTTP/1.0 client.
    reuse_ = head.connection == connection_intent::keep_alive && !http10_client ? reuse::keep_alive
                                                                                : reuse::close;
    upstream_ = upstream_use::none;
    upstream_expect_ = upstream_expect::none;
    withheld_ = false;
    interim_relayed_ = false;
    if (!head.valid()) {  // smuggling shapes never go upstream: 400 and close
        s = core_.refuse(head.fault, error_origin::remote);
        s.actions.push_back(action::make(action_kind::add_close));
        s.actions.push_back(action::send_final(suggested_status(head.fault)));
        s.actions.push_back(action::make(action_kind::close));
        core_.commit(s, intermediary_event::request_head, S::closed, now,
                     suggested_status(head.fault));
        return s;
    }
    const expectation& e = head.expect;
    const bool unknown =
        !http10_client &&
        (e.kind == expectation_kind::unsupported ||
         (e.kind == expectation_kind::continue_100 && e.notes.has(expect_note::unknown_member)));
    const bool expects = head.expects_continue();
    if (unknown && policy().on_unknown_expectation == unknown_expectation_action::reject_417) {
        start_final(417, final_source::own, intermediary_event::request_head, now, s);
        return s;
    }
    if (expects && hop == next_hop_version::http_1_0 &&
        policy().on_http10_next_hop == http10_hop_action::reject_417) {  // RFC 2616
        start_final(417, final_source::own, intermediary_event::request_head, now, s);
        return s;
    }
    if (expects) {
        continue_ = downstream_continue::owed;
    }
    if (answer.status >= 200 && answer.status <= 999) {  // P-1: decided locally (T-P-10)
        start_final(answer.status, final_source::own, intermediary_event::request_head, now, s);
        return s;
    }
    S to = head.has_content() ? S::streaming_body : S::awaiting_response;
    // Expect travels upstream only where a 100 can come back and be used: never from an
    // HTTP/1.0 client (P-13), never toward an HTTP/1.0 hop (P-2), not when we answer ourselves.
    const bool strip = http10_client || (expects && hop == next_hop_version::http_1_0) ||
                       (expects && policy().forwarding != expect_forwarding::keep_expect);
    if (expects && policy().forwarding == expect_forwarding::buffer_request) {
        own_continue(s);
        to = S::buffering;  // the head goes upstream once the body is in
    } else {
        if (expects && strip) {
            own_continue(s);  // P-2 toward HTTP/1.0; the strip_and_answer presets
        }
        const bool probe = !expects && !http10_client && head.has_content() &&
                           hop != next_hop_version::http_1_0 &&
                           policy().add_expect == added_expectation::probe;
        upstream_expect_ = probe               ? upstream_expect::added
                           : expects && !strip ? upstream_expect::forwarded
                                               : upstream_expect::none;
        s.actions.push_back(action::make(probe   ? action_kind::forward_head_adding_expect
                                         : strip ? action_kind::forward_head_without_expect
                                                 : action_kind::forward_head,
                                         action_side::upstream));
        upstream_ = upstream_use::reusable;
        if (upstream_expect_ != upstream_expect::none) {
            to = S::awaiting_continue;
            if (probe && policy().early_body == early_body_action::forward) {
                // The client did not ask: its body comes at once and waits here for the probe.
                s.actions.push_back(action::make(action_kind::hold_body));
                body_ = body_flow::held;
            }
        } else if (head.has_content()) {
            s.actions.push_back(action::make(action_kind::forward_body, action_side::upstream));
            body_ = body_flow::forwarding;
        }
    }
    const trace_reason why =
        continue_ == downstream_continue::own ? trace_reason::own_continue : trace_reason::none;
    core_.commit(s, intermediary_event::request_head, to, now, head.content_length, why);
    return s;
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_upstream_head_sent(
    time_point now) noexcept {
    using S = intermediary_state;
    step s;
    if (!core_.admit(intermediary_event::upstream_head_sent, now, s)) return s;
    if (state() != S::relaying_response) {  // once a final response started, nothing is timed
        upstream_head_at_ = now;
        upstream_at_ = time::after(now, upstream_timeout_);
        if (state() == S::awaiting_continue && (continue_ == downstream_continue::owed ||
                                                upstream_expect_ == upstream_expect::added)) {
            grace_at_ = time::after(now, grace().template wait_for<duration>());
        }
    }
    core_.commit(s, intermediary_event::upstream_head_sent, state(), now, 0);
    return s;
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_upstream_interim(std::uint16_t status,
                                                                         time_point now) noexcept {
    using S = intermediary_state;
    if (status < 100 || status > 199 || status == 101) {
        return core_.refuse(errc::event_out_of_order, error_origin::local);
    }
    step s;
    if (!core_.admit(intermediary_event::upstream_interim, now, s)) return s;

    S to = state();
    trace_reason why = trace_reason::none;
    const bool may_relay =  // never to HTTP/1.0 (P-5, P-13), never after the final
        client_version_ != http_version::http_1_0 && before_final();
    if (status == 100) {
        if (state() == S::awaiting_continue) {
            grace().on_continue(now - upstream_head_at_);
            grace_at_ = time::no_deadline();
            bool release = true;
            if (continue_ == downstream_continue::owed && may_relay &&
                policy().relay_continue == continue_relay::relay) {
                s.actions.push_back(action::relay(action_kind::relay_interim, 100));
                continue_ = downstream_continue::relayed;
                why = trace_reason::continue_relayed;
            } else if (continue_ == downstream_continue::owed) {
                withheld_ = true;  // the outage: the client is left to its own timer
                why = trace_reason::continue_withheld;
                release = body_ == body_flow::held;  // a held body still goes (kemp_require_100)
            }
            if (release) {  // forward what came (a held body may be complete) and what comes
                s.actions.push_back(action::make(action_kind::forward_body, action_side::upstream));
                const bool all_in = body_in_ == body_in::complete;
                body_ = all_in ? body_flow::complete : body_flow::forwarding;
                to = all_in ? S::awaiting_response : S::streaming_body;
            }
        } else if (continue_ == downstream_continue::relayed && may_relay &&
                   policy().duplicate_continue == duplicate_continue_relay::relay) {
            s.actions.push_back(action::relay(action_kind::relay_interim, 100));  // T-P-12
        }
        // Otherwise: after our own 100, for a probe of ours, or late: swallowed.
    } else if (may_relay) {
        const bool relay =
            policy().relay_other_1xx == other_1xx_relay::relay ||
            (policy().relay_other_1xx == other_1xx_relay::first_only && !interim_relayed_);
        if (relay) {
            s.actions.push_back(action::relay(action_kind::relay_interim, status));
            interim_relayed_ = true;
        }
    }
    core_.commit(s, intermediary_event::upstream_interim, to, now, status, why);
    return s;
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_upstream_final(
    const response_facts& response, time_point now) noexcept {
    using S = intermediary_state;
    const bool final_started = state() == S::relaying_response || state() == S::draining;
    step s;
    if (!core_.admit(intermediary_event::upstream_final, now, s,
                     final_started ? errc::second_final_response : errc::event_out_of_order))
        return s;
    if (!response.is_final()) {
        return core_.refuse(errc::event_out_of_order, error_origin::local);
    }
    // T-P-18: a 417 to the Expect we forwarded (not our own probe's, not already repeated), no
    // body byte sent up yet (all of them can still go): repeat the head without Expect.
    if (response.status == 417 &&
        policy().on_upstream_417 == upstream_417_action::retry_without_expect &&
        state() == S::awaiting_continue && upstream_expect_ == upstream_expect::forwarded &&
        received_ == 0 && body_ == body_flow::waiting) {
        upstream_expect_ = upstream_expect::repeated;
        grace_at_ = time::no_deadline();
        upstream_at_ = time::after(now, upstream_timeout_);  // again when the new head is out
        close_upstream(s);  // an announced body never sent: that connection is done
        own_continue(s);
        s.actions.push_back(
            action::make(action_kind::forward_head_without_expect, action_side::upstream));
        s.actions.push_back(action::make(action_kind::forward_body, action_side::upstream));
        upstream_ = upstream_use::reusable;  // a new connection
        body_ = body_flow::forwarding;
        core_.commit(s, intermediary_event::upstream_final, S::streaming_body, now, response.status,
                     trace_reason::repeated_without_expect);
        return s;
    }
    if ((!response.valid() || response.connection == connection_intent::close) &&
        upstream_ == upstream_use::reusable) {
        upstream_ = upstream_use::spent;
    }
    start_final(response.status, final_source::upstream, intermediary_event::upstream_final, now,
                s);
    return s;
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_body_bytes(std::uint64_t n,
                                                                   time_point now) noexcept {
    using S = intermediary_state;
    step s;
    if (!core_.admit(intermediary_event::body_bytes, now, s)) return s;
    if (framing_ == body_framing::content_length && n > content_length_ - received_) {
        return core_.refuse(errc::body_beyond_framing, error_origin::local);
    }
    received_ += n;
    S to = state();
    const auto forward = [&] {
        s.actions.push_back(action::make(action_kind::forward_body, action_side::upstream));
        body_ = body_flow::forwarding;
        to = S::streaming_body;
    };
    const auto hold = [&] {
        if (body_ != body_flow::held) {
            s.actions.push_back(action::make(action_kind::hold_body));
            body_ = body_flow::held;
        }
    };
    if (state() == S::awaiting_continue && upstream_expect_ == upstream_expect::added) {
        hold();  // our own probe is out: the body waits for its 100
    } else if (state() == S::awaiting_continue) {
        // The client sent its body before any 100 reached it: legal (C-3).
        if (continue_ == downstream_continue::owed) {
            continue_ = downstream_continue::skipped;
        }
        switch (policy().early_body) {
        case early_body_action::forward:  // P-12
            grace_at_ = time::no_deadline();
            forward();
            break;
        case early_body_action::hold_until_continue:
            if (withheld_) {  // the origin's 100 came already (not relayed): the body may go
                forward();
            } else {
                hold();
            }
            break;
        case early_body_action::reject_501:
            // The outage: the body is read as a request line; 501, then close both sides.
            give_up_upstream(501, intermediary_event::body_bytes, now, s);
            return s;
        }
    } else if (reuse_ == reuse::after_discarding) {  // relaying_response or draining (P-15)
        if (n <= discard_limit_) {
            discard_limit_ -= n;
        } else {  // past the cap (chunked): close
            discard_limit_ = 0;
            reuse_ = reuse::close;
            drain_at_ = time::no_deadline();
            if (state() == S::draining) {
                s.actions.push_back(action::make(action_kind::close));
                clear_deadlines();
                to = S::closed;
            }
        }
    }
    core_.commit(s, intermediary_event::body_bytes, to, now, n);
    return s;
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_body_end(time_point now) noexcept {
    using S = intermediary_state;
    step s;
    if (!core_.admit(intermediary_event::body_end, now, s)) return s;
    body_in_ = body_in::complete;
    S to = state();
    if (state() == S::buffering) {  // the whole body is here: now the head and the body
        s.actions.push_back(
            action::make(action_kind::forward_head_without_expect, action_side::upstream));
        s.actions.push_back(action::make(action_kind::forward_body, action_side::upstream));
        upstream_ = upstream_use::reusable;
        body_ = body_flow::complete;
        to = S::awaiting_response;
    } else if (state() == S::streaming_body ||
               (state() == S::awaiting_continue && body_ == body_flow::forwarding)) {
        body_ = body_flow::complete;
        to = S::awaiting_response;
    } else if (state() == S::draining || state() == S::relaying_response) {
        drain_at_ = time::no_deadline();  // nothing left to drop
        if (reuse_ == reuse::after_discarding) {
            reuse_ = reuse::keep_alive;
            discard_limit_ = 0;
        }
        if (state() == S::draining) {
            to = reuse_ == reuse::close ? S::closed : S::idle;
            if (to == S::closed) {
                s.actions.push_back(action::make(action_kind::close));
            }
            clear_deadlines();
        }
    }
    // awaiting_continue with the body held: it goes when the 100 comes.
    core_.commit(s, intermediary_event::body_end, to, now, received_);
    return s;
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_response_complete(time_point now) noexcept {
    using S = intermediary_state;
    step s;
    if (!core_.admit(intermediary_event::response_complete, now, s)) return s;

    if (upstream_ == upstream_use::spent) {
        close_upstream(s);
    }
    S to = S::idle;
    if (reuse_ == reuse::close) {
        to = S::closed;
    } else if (reuse_ == reuse::after_discarding && body_due()) {
        to = S::draining;
    }
    if (to == S::closed) {
        s.actions.push_back(action::make(action_kind::close));
    }
    if (to != S::draining) {
        clear_deadlines();
        if (reuse_ == reuse::after_discarding) {
            reuse_ = reuse::keep_alive;  // the body is all in: nothing to drop
        }
    }
    core_.commit(s, intermediary_event::response_complete, to, now, 0);
    return s;
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_upstream_failed(time_point now) noexcept {
    using S = intermediary_state;
    step s;
    if (!core_.admit(intermediary_event::upstream_failed, now, s)) return s;
    if (before_final()) {                // P-9: 502, never an automatic retry
        upstream_ = upstream_use::none;  // it failed: nothing to close
        give_up_upstream(502, intermediary_event::upstream_failed, now, s);
        return s;
    }
    S to = state();
    if (state() == S::relaying_response && upstream_ != upstream_use::none) {
        // The relayed response is cut off mid-way: the client must see the connection end.
        upstream_ = upstream_use::none;
        s.actions.push_back(action::make(action_kind::close));
        clear_deadlines();
        to = S::closed;
    }
    core_.commit(s, intermediary_event::upstream_failed, to, now, 0);
    return s;
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_timer(time_point now) noexcept {
    using S = intermediary_state;
    if (now < next_deadline()) {
        return step{};  // early (or closed: no deadline): nothing is due
    }
    step s;
    S to = state();
    trace_reason why = trace_reason::deadline_passed;
    if (now >= grace_at_) {
        grace_at_ = time::no_deadline();
        grace().on_expiry();
        if (state() == S::awaiting_continue && upstream_expect_ == upstream_expect::added) {
            // Our own probe went unanswered (httpd's "Timeout on 100-Continue"): 503.
            give_up_upstream(503, intermediary_event::timer, now, s);
            return s;
        }
        if (state() == S::awaiting_continue && continue_ == downstream_continue::owed) {
            // The grace 100: upstream is silent, the client may be waiting; release it.
            own_continue(s);
            why = trace_reason::own_continue;
        }
    }
    if (now >= upstream_at_) {
        upstream_at_ = time::no_deadline();
        if (before_final()) {  // upstream silent: 504
            give_up_upstream(504, intermediary_event::timer, now, s);
            return s;
        }
    }
    if (now >= drain_at_) {
        drain_at_ = time::no_deadline();
        if (state() == S::draining) {
            s.actions.push_back(action::make(action_kind::close));
            clear_deadlines();
            to = S::closed;
        } else if (state() == S::relaying_response) {
            reuse_ = reuse::close;  // close once the response is out
        }
    }
    core_.commit(s, intermediary_event::timer, to, now, 0, why);
    return s;
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_downstream_closed(time_point now) noexcept {
    step s;
    if (!core_.admit(intermediary_event::downstream_closed, now, s)) return s;

    if (state() != intermediary_state::idle) {
        close_upstream(s);  // between exchanges the upstream connection is the pool's
    }
    s.actions.push_back(action::make(action_kind::close));
    if (continue_ == downstream_continue::owed) {
        continue_ = downstream_continue::skipped;
    }
    if (body_ == body_flow::waiting || body_ == body_flow::held || body_ == body_flow::forwarding) {
        body_ = body_flow::stopped;  // no more of it will come
    }
    clear_deadlines();
    core_.commit(s, intermediary_event::downstream_closed, intermediary_state::closed, now, 0);
    return s;
}

template <class Traits, class Trace>
constexpr std::uint64_t basic_intermediary<Traits, Trace>::body_credit() const noexcept {
    using S = intermediary_state;
    // Once the body is wanted, all of it: its framing bounds it (nghttp2 checks content-length).
    constexpr std::uint64_t whole = unlimited_body_credit;
    if (reuse_ == reuse::after_discarding &&
        (state() == S::relaying_response || state() == S::draining)) {
        return received_ + discard_limit_;
    }
    const bool wanted = state() == S::buffering || body_ == body_flow::forwarding;
    return wanted && state() != S::closed ? whole : received_;
}

template <class Traits, class Trace>
constexpr bool basic_intermediary<Traits, Trace>::invariants_hold() const noexcept {
    using S = intermediary_state;
    const S st = state();
    const auto none = time::no_deadline();
    const bool continue_ok =
        (continue_ != downstream_continue::owed || st == S::awaiting_continue) &&
        (client_version_ != http_version::http_1_0 || continue_ == downstream_continue::not_owed);
    const bool body_ok = body_ != body_flow::held || st == S::awaiting_continue;
    const bool reuse_ok = reuse_ != reuse::after_discarding || st == S::relaying_response ||
                          st == S::draining || st == S::closed;
    const bool deadlines_ok =
        (grace_at_ == none || st == S::awaiting_continue) &&
        (upstream_at_ == none || before_final()) &&
        (drain_at_ == none || st == S::relaying_response || st == S::draining) &&
        ((st != S::idle && st != S::closed) || next_deadline() == none);
    return continue_ok && body_ok && reuse_ok && deadlines_ok;
}

}  // namespace expect100

#endif  // EXPECT100_IMPL_INTERMEDIARY_HPP
