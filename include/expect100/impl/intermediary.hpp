// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Out-of-line bodies of basic_intermediary (see intermediary.hpp).
#ifndef EXPECT100_IMPL_INTERMEDIARY_HPP
#define EXPECT100_IMPL_INTERMEDIARY_HPP

#include <expect100/detail/machine.hpp>
#include <expect100/intermediary.hpp>  // so this header also compiles alone

namespace expect100 {

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::refuse(errc e, error_origin origin) const noexcept {
    return detail::refused<step>(e, origin);
}

template <class Traits, class Trace>
bool basic_intermediary<Traits, Trace>::move(intermediary_event on, intermediary_state to,
                                             time_point now, std::uint64_t value) noexcept {
    if (!detail::intermediary_table::allows(state_, on, to)) {
        return false;
    }
    detail::record_move(sink(), now, state_, to, on, value);
    state_ = to;
    return true;
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::internal_fault() noexcept {
    step s = refuse(errc::internal_transition, error_origin::internal);
    s.actions.push_back(action::make(action_kind::close, action_side::upstream));
    s.actions.push_back(action::make(action_kind::close));
    state_ = intermediary_state::closed;
    clear_deadlines();
    return s;
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::commit(const step& s, intermediary_event on,
                                               intermediary_state to, time_point now,
                                               std::uint64_t value) noexcept {
    return move(on, to, now, value) ? s : internal_fault();
}

template <class Traits, class Trace>
void basic_intermediary<Traits, Trace>::close_upstream(step& s) noexcept {
    if (upstream_open_) {
        s.actions.push_back(action::make(action_kind::close, action_side::upstream));
        upstream_open_ = false;
    }
}

template <class Traits, class Trace>
void basic_intermediary<Traits, Trace>::start_final(std::uint16_t status, final_source source,
                                                    intermediary_event on, time_point now,
                                                    step& s) noexcept {
    if (continue_ == downstream_continue::owed) {
        continue_ = downstream_continue::skipped;  // never a 100 after the final response
    }
    final_ = source;
    grace_at_ = time::no_deadline();
    upstream_at_ = time::no_deadline();
    // The body stops going upstream; that connection cannot be reused with it half-sent.
    if (body_ == body_flow::forwarding || body_ == body_flow::held ||
        body_ == body_flow::waiting) {
        if (body_ == body_flow::forwarding) {
            s.actions.push_back(action::make(action_kind::stop_body, action_side::upstream));
        }
        body_ = body_flow::stopped;
        upstream_reusable_ = false;
    }
    const bool due = body_due();
    const std::uint64_t remaining =
        framing_ == body_framing::content_length ? content_length_ - received_ : 0;
    const bool too_much = framing_ == body_framing::content_length &&
                          remaining > static_cast<std::uint64_t>(Traits::discard_byte_limit);
    const bool policy_closes = early_final_closes(
        Traits::after_early_final, received_ != 0,
        continue_ == downstream_continue::relayed || continue_ == downstream_continue::own);
    if (due && (after_ == after_response::close || policy_closes || too_much)) {
        early_ = early_mode::close;
        after_ = after_response::close;
    } else if (due) {
        early_ = early_mode::discard;
        discard_limit_ = framing_ == body_framing::content_length
                             ? remaining
                             : static_cast<std::uint64_t>(Traits::discard_byte_limit);
        drain_at_ = time::after(now, duration(Traits::discard_time_limit));
    }
    if (after_ == after_response::close) {
        s.actions.push_back(action::make(action_kind::add_close));
    }
    s.actions.push_back(source == final_source::own
                            ? action::send_final(status)
                            : action::relay(action_kind::relay_final, status));
    if (early_ == early_mode::discard) {
        s.actions.push_back(action::discard_body(discard_limit_));
    }
    s = commit(s, on, intermediary_state::relaying_response, now, status);
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_request_head(const request_facts& head,
                                                        next_hop_version hop, time_point now,
                                                        local_answer answer) noexcept {
    if (state_ != intermediary_state::idle) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    clear_deadlines();
    content_length_ = head.content_length;
    received_ = 0;
    discard_limit_ = 0;
    framing_ = head.has_content() ? head.framing : body_framing::none;
    body_ = head.has_content() ? body_flow::waiting : body_flow::none;
    final_ = final_source::none;
    early_ = early_mode::none;
    continue_ = downstream_continue::not_owed;
    http10_client_ = head.version == http_version::http_1_0;  // P-8: no persistence with it
    after_ = head.connection == connection_intent::keep_alive && !http10_client_
                 ? after_response::keep_alive
                 : after_response::close;
    body_ended_ = false;
    withheld_ = false;
    interim_relayed_ = false;
    upstream_reusable_ = true;
    upstream_open_ = false;
    probing_ = false;
    repeated_ = false;
    step s;
    if (!head.valid()) {  // smuggling shapes never go upstream: 400 and close
        s.error = make_error_code(head.fault);
        s.origin = error_origin::remote;
        s.actions.push_back(action::make(action_kind::add_close));
        s.actions.push_back(action::send_final(suggested_status(head.fault)));
        s.actions.push_back(action::make(action_kind::close));
        return commit(s, intermediary_event::request_head, intermediary_state::closed, now,
                      suggested_status(head.fault));
    }
    const expectation& e = head.expect;
    const bool unknown = !http10_client_ && (e.kind == expectation_kind::unsupported ||
                                             (e.kind == expectation_kind::continue_100 &&
                                              e.notes.has(expect_note::unknown_member)));
    const bool expects = head.expects_continue();
    if (unknown && Traits::on_unknown_expectation == unknown_expectation_action::reject_417) {
        start_final(417, final_source::own, intermediary_event::request_head, now, s);  // P-6
        return s;
    }
    if (expects && hop == next_hop_version::http_1_0 &&
        Traits::on_http10_next_hop == http10_hop_action::reject_417) {
        start_final(417, final_source::own, intermediary_event::request_head, now, s);  // 2616
        return s;
    }
    if (expects) {
        continue_ = downstream_continue::owed;
    }
    if (answer.status >= 200 && answer.status <= 999) {  // P-1: decided locally (T-P-10)
        start_final(answer.status, final_source::own, intermediary_event::request_head, now, s);
        return s;
    }
    const auto own_continue = [&] {
        if (continue_ == downstream_continue::owed) {
            s.actions.push_back(action::make(action_kind::send_continue));
            continue_ = downstream_continue::own;
        }
    };
    intermediary_state to = head.has_content() ? intermediary_state::streaming_body
                                               : intermediary_state::awaiting_response;
    // Expect travels upstream only where a 100 can come back and be used: never from an
    // HTTP/1.0 client (P-13), never toward an HTTP/1.0 hop (P-2), not when we answer ourselves.
    const bool strip = http10_client_ || (expects && hop == next_hop_version::http_1_0) ||
                       (expects && Traits::forwarding != expect_forwarding::keep_expect);
    if (expects && Traits::forwarding == expect_forwarding::buffer_request) {
        own_continue();
        to = intermediary_state::buffering;  // the head goes upstream once the body is in
    } else {
        if (expects && strip) {
            own_continue();  // P-2 toward HTTP/1.0; the strip_and_answer presets
        }
        probing_ = !expects && !http10_client_ && head.has_content() &&
                   hop != next_hop_version::http_1_0 &&
                   Traits::add_expect == added_expectation::probe;
        s.actions.push_back(action::make(probing_ ? action_kind::forward_head_adding_expect
                                         : strip  ? action_kind::forward_head_without_expect
                                                  : action_kind::forward_head,
                                         action_side::upstream));
        upstream_open_ = true;
        if ((expects && !strip) || probing_) {
            to = intermediary_state::awaiting_continue;
            if (probing_ && Traits::early_body == early_body_action::forward) {
                // The client did not ask: its body comes at once and waits here for the probe.
                s.actions.push_back(action::make(action_kind::hold_body));
                body_ = body_flow::held;
            }
        } else if (head.has_content()) {
            s.actions.push_back(action::make(action_kind::forward_body, action_side::upstream));
            body_ = body_flow::forwarding;
        }
    }
    return commit(s, intermediary_event::request_head, to, now, head.content_length);
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_upstream_head_sent(time_point now) noexcept {
    if (!detail::intermediary_table::allows_event(state_, intermediary_event::upstream_head_sent)) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    if (state_ == intermediary_state::closed || final_ != final_source::none) {
        return step{};
    }
    upstream_head_at_ = now;
    upstream_at_ = time::after(now, upstream_timeout_);
    if (state_ == intermediary_state::awaiting_continue &&
        (continue_ == downstream_continue::owed || probing_)) {
        grace_at_ = time::after(now, grace().template wait_for<duration>());
    }
    return commit(step{}, intermediary_event::upstream_head_sent, state_, now, 0);
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_upstream_interim(std::uint16_t status,
                                                            time_point now) noexcept {
    if (status < 100 || status > 199 || status == 101) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    if (!detail::intermediary_table::allows_event(state_, intermediary_event::upstream_interim)) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    step s;
    intermediary_state to = state_;
    const bool may_relay = !http10_client_ && final_ == final_source::none &&  // P-5, P-13
                           state_ != intermediary_state::closed;
    if (status == 100) {
        if (state_ == intermediary_state::awaiting_continue) {
            grace().on_continue(now - upstream_head_at_);
            grace_at_ = time::no_deadline();
            const bool relay = continue_ == downstream_continue::owed && may_relay &&
                               Traits::relay_continue == continue_relay::relay;
            bool release = true;
            if (relay) {
                s.actions.push_back(action::relay(action_kind::relay_interim, 100));
                continue_ = downstream_continue::relayed;
            } else if (continue_ == downstream_continue::owed) {
                withheld_ = true;  // the outage: the client is left to its own timer
                release = body_ == body_flow::held;  // a held body still goes (kemp_require_100)
            }
            if (release) {  // forward what came (a held body may be complete) and what comes
                s.actions.push_back(action::make(action_kind::forward_body, action_side::upstream));
                body_ = body_ended_ ? body_flow::complete : body_flow::forwarding;
                to = body_ended_ ? intermediary_state::awaiting_response
                                 : intermediary_state::streaming_body;
            }
        }
        else if (continue_ == downstream_continue::relayed && may_relay &&
                 Traits::duplicate_continue == duplicate_continue_relay::relay) {
            s.actions.push_back(action::relay(action_kind::relay_interim, 100));  // T-P-12
        }
        // Otherwise: after our own 100, for a probe of ours, or late: swallowed.
    } else if (may_relay) {
        const bool relay = Traits::relay_other_1xx == other_1xx_relay::relay ||
                           (Traits::relay_other_1xx == other_1xx_relay::first_only &&
                            !interim_relayed_);
        if (relay) {
            s.actions.push_back(action::relay(action_kind::relay_interim, status));
            interim_relayed_ = true;
        }
    }
    return commit(s, intermediary_event::upstream_interim, to, now, status);
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_upstream_final(const response_facts& response,
                                                          time_point now) noexcept {
    if (state_ == intermediary_state::closed) {
        return step{};
    }
    if (state_ != intermediary_state::awaiting_continue &&
        state_ != intermediary_state::streaming_body &&
        state_ != intermediary_state::awaiting_response) {
        return refuse(final_ != final_source::none ? errc::second_final_response
                                                   : errc::event_out_of_order,
                      error_origin::local);
    }
    if (!response.is_final()) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    step s;
    // T-P-18: a 417 to the Expect we forwarded, no body byte sent up yet (all of them can still
    // go), not our own probe's, not already repeated: repeat the head without Expect.
    if (response.status == 417 && Traits::on_upstream_417 == upstream_417_action::retry_without_expect &&
        state_ == intermediary_state::awaiting_continue && received_ == 0 && !probing_ &&
        !repeated_ && body_ == body_flow::waiting) {
        repeated_ = true;
        grace_at_ = time::no_deadline();
        upstream_at_ = time::after(now, upstream_timeout_);  // again when the new head is out
        close_upstream(s);  // an announced body never sent: that connection is done
        if (continue_ == downstream_continue::owed) {
            s.actions.push_back(action::make(action_kind::send_continue));
            continue_ = downstream_continue::own;
        }
        s.actions.push_back(
            action::make(action_kind::forward_head_without_expect, action_side::upstream));
        s.actions.push_back(action::make(action_kind::forward_body, action_side::upstream));
        upstream_open_ = true;
        upstream_reusable_ = true;  // a new connection
        body_ = body_flow::forwarding;
        return commit(s, intermediary_event::upstream_final, intermediary_state::streaming_body,
                      now, response.status);
    }
    if (!response.valid() || response.connection == connection_intent::close) {
        upstream_reusable_ = false;
    }
    start_final(response.status, final_source::upstream, intermediary_event::upstream_final, now,
                s);
    return s;
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_body_bytes(std::uint64_t n, time_point now) noexcept {
    if (!detail::intermediary_table::allows_event(state_, intermediary_event::body_bytes)) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    if (state_ == intermediary_state::closed) {
        return step{};
    }
    if (framing_ == body_framing::content_length && n > content_length_ - received_) {
        return refuse(errc::body_beyond_framing, error_origin::local);
    }
    received_ += n;
    step s;
    intermediary_state to = state_;
    switch (state_) {
    case intermediary_state::awaiting_continue:
        if (probing_) {  // our own probe is out: the body waits for its 100
            if (body_ != body_flow::held) {
                s.actions.push_back(action::make(action_kind::hold_body));
                body_ = body_flow::held;
            }
            break;
        }
        // The client sent its body before any 100 reached it: legal (C-3).
        if (continue_ == downstream_continue::owed) {
            continue_ = downstream_continue::skipped;
        }
        switch (Traits::early_body) {
        case early_body_action::forward:  // P-12
            grace_at_ = time::no_deadline();
            s.actions.push_back(action::make(action_kind::forward_body, action_side::upstream));
            body_ = body_flow::forwarding;
            to = intermediary_state::streaming_body;
            break;
        case early_body_action::hold_until_continue:
            if (withheld_) {  // the origin's 100 came already (not relayed): the body may go
                s.actions.push_back(action::make(action_kind::forward_body, action_side::upstream));
                body_ = body_flow::forwarding;
                to = intermediary_state::streaming_body;
            } else if (body_ != body_flow::held) {
                s.actions.push_back(action::make(action_kind::hold_body));
                body_ = body_flow::held;
            }
            break;
        case early_body_action::reject_501:
            // The outage: the body is read as a request line; 501, then close both sides.
            close_upstream(s);
            after_ = after_response::close;
            start_final(501, final_source::own, intermediary_event::body_bytes, now, s);
            return s;
        }
        break;
    case intermediary_state::relaying_response:
    case intermediary_state::draining:
        if (early_ == early_mode::discard) {
            if (n > discard_limit_) {  // past the cap (chunked): close
                discard_limit_ = 0;
                early_ = early_mode::close;
                after_ = after_response::close;
                if (state_ == intermediary_state::draining) {
                    s.actions.push_back(action::make(action_kind::close));
                    clear_deadlines();
                    to = intermediary_state::closed;
                }
            } else {
                discard_limit_ -= n;
            }
        }
        break;
    case intermediary_state::idle:
    case intermediary_state::buffering:
    case intermediary_state::streaming_body:
    case intermediary_state::awaiting_response:
    case intermediary_state::closed:
        break;
    }
    return commit(s, intermediary_event::body_bytes, to, now, n);
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_body_end(time_point now) noexcept {
    if (!detail::intermediary_table::allows_event(state_, intermediary_event::body_end)) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    if (state_ == intermediary_state::closed) {
        return step{};
    }
    body_ended_ = true;
    step s;
    intermediary_state to = state_;
    switch (state_) {
    case intermediary_state::buffering:  // the whole body is here: now the head and the body
        s.actions.push_back(
            action::make(action_kind::forward_head_without_expect, action_side::upstream));
        s.actions.push_back(action::make(action_kind::forward_body, action_side::upstream));
        upstream_open_ = true;
        body_ = body_flow::complete;
        to = intermediary_state::awaiting_response;
        break;
    case intermediary_state::streaming_body:
        body_ = body_flow::complete;
        to = intermediary_state::awaiting_response;
        break;
    case intermediary_state::awaiting_continue:
        if (body_ == body_flow::forwarding) {
            body_ = body_flow::complete;
            to = intermediary_state::awaiting_response;
        }
        break;  // held: it goes when the 100 comes
    case intermediary_state::draining:
        to = after_ == after_response::close ? intermediary_state::closed : intermediary_state::idle;
        if (to == intermediary_state::closed) {
            s.actions.push_back(action::make(action_kind::close));
        }
        clear_deadlines();
        break;
    case intermediary_state::relaying_response:
        drain_at_ = time::no_deadline();
        early_ = early_mode::none;  // nothing left to drop
        break;
    case intermediary_state::idle:
    case intermediary_state::awaiting_response:
    case intermediary_state::closed:
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    return commit(s, intermediary_event::body_end, to, now, received_);
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_response_complete(time_point now) noexcept {
    if (!detail::intermediary_table::allows_event(state_, intermediary_event::response_complete)) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    if (state_ == intermediary_state::closed) {
        return step{};
    }
    step s;
    if (!upstream_reusable_ || final_ == final_source::own) {
        close_upstream(s);
    }
    intermediary_state to = intermediary_state::idle;
    if (after_ == after_response::close) {
        to = intermediary_state::closed;
    } else if (early_ == early_mode::discard && body_due()) {
        to = intermediary_state::draining;
    }
    if (to == intermediary_state::closed) {
        s.actions.push_back(action::make(action_kind::close));
        clear_deadlines();
    } else if (to == intermediary_state::idle) {
        clear_deadlines();
    }
    return commit(s, intermediary_event::response_complete, to, now, 0);
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_upstream_failed(time_point now) noexcept {
    step s;
    intermediary_state to = state_;
    const bool before_final = state_ == intermediary_state::awaiting_continue ||
                              state_ == intermediary_state::streaming_body ||
                              state_ == intermediary_state::awaiting_response;
    if (before_final) {  // P-9: 502, never an automatic retry
        upstream_open_ = false;  // it failed: nothing to close
        after_ = after_response::close;
        start_final(502, final_source::own, intermediary_event::upstream_failed, now, s);
        return s;
    }
    if (state_ == intermediary_state::relaying_response && final_ == final_source::upstream) {
        // The relayed response is cut off mid-way: the client must see the connection end.
        s.actions.push_back(action::make(action_kind::close));
        clear_deadlines();
        to = intermediary_state::closed;
    }
    return commit(s, intermediary_event::upstream_failed, to, now, 0);
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_timer(time_point now) noexcept {
    step s;
    intermediary_state to = state_;
    bool grace_sent = false;  // recorded in the trace as the value 100 (explain_exchange)
    if (now >= grace_at_) {
        grace_at_ = time::no_deadline();
        grace().on_expiry();
        if (state_ == intermediary_state::awaiting_continue && probing_) {
            // Our own probe went unanswered (httpd's "Timeout on 100-Continue"): 503.
            close_upstream(s);
            after_ = after_response::close;
            start_final(503, final_source::own, intermediary_event::timer, now, s);
            return s;
        }
        if (state_ == intermediary_state::awaiting_continue &&
            continue_ == downstream_continue::owed) {
            // The grace 100: upstream is silent, the client may be waiting; release it.
            s.actions.push_back(action::make(action_kind::send_continue));
            continue_ = downstream_continue::own;
            grace_sent = true;
        }
    }
    if (now >= upstream_at_) {
        upstream_at_ = time::no_deadline();
        const bool before_final = state_ == intermediary_state::awaiting_continue ||
                                  state_ == intermediary_state::streaming_body ||
                                  state_ == intermediary_state::awaiting_response;
        if (before_final) {  // upstream silent: 504
            close_upstream(s);
            after_ = after_response::close;
            start_final(504, final_source::own, intermediary_event::timer, now, s);
            return s;
        }
    }
    if (now >= drain_at_) {
        drain_at_ = time::no_deadline();
        if (state_ == intermediary_state::draining) {
            s.actions.push_back(action::make(action_kind::close));
            clear_deadlines();
            to = intermediary_state::closed;
        } else if (state_ == intermediary_state::relaying_response) {
            early_ = early_mode::close;  // close once the response is out
            after_ = after_response::close;
        }
    }
    return commit(s, intermediary_event::timer, to, now, grace_sent ? 100 : 0);
}

template <class Traits, class Trace>
intermediary_step basic_intermediary<Traits, Trace>::on_downstream_closed(time_point now) noexcept {
    step s;
    if (state_ != intermediary_state::closed) {
        if (state_ != intermediary_state::idle) {
            close_upstream(s);  // between exchanges the upstream connection is the pool's
        }
        s.actions.push_back(action::make(action_kind::close));
    }
    if (continue_ == downstream_continue::owed) {
        continue_ = downstream_continue::skipped;
    }
    clear_deadlines();
    return commit(s, intermediary_event::downstream_closed, intermediary_state::closed, now, 0);
}

} // namespace expect100

#endif // EXPECT100_IMPL_INTERMEDIARY_HPP
