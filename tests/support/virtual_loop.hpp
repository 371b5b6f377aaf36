// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The engine under the scenario kits (loopback.hpp: client ↔ server, chain.hpp: client ↔
// intermediary ↔ server): a queue of events in virtual time, the machines' deadlines, a log of
// every step that did something, and the simple application the origin plays.
#ifndef EXPECT100_TESTS_SUPPORT_VIRTUAL_LOOP_HPP
#define EXPECT100_TESTS_SUPPORT_VIRTUAL_LOOP_HPP

#include "machine.hpp"

#include <expect100/server.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <queue>
#include <string>
#include <utility>
#include <vector>

namespace expect100::test {

class virtual_loop {
public:
    using time_point = virtual_clock::time_point;
    using duration = virtual_clock::duration;
    // A machine's deadline and what to do when it is due (call its on_timer).
    using timer = std::pair<time_point, std::function<void()>>;

    const std::vector<std::string>& log() const { return log_; }
    // True when no event is left in flight.
    bool settled() const { return queue_.empty(); }
    // The first party whose sub-machine invariants broke (invariants_hold()), or nullptr.
    const char* invariant_broken() const { return broken_; }

protected:
    void watch(const char* who, bool holds) {
        if (!holds && broken_ == nullptr) broken_ = who;
    }

    void after(duration d, std::function<void()> fire) {
        queue_.push(event{now_ + d, order_++, std::move(fire)});
    }

    // Logs a step that did something: "12000us proxy: forward_head@up".
    template <class Kind>
    void note(const char* who, const basic_step<Kind>& s) {
        if (s.actions.empty() && s.ok()) return;
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(now_ - t0).count();
        log_.push_back(std::to_string(us) + "us " + who + ": " + text(s));
    }

    // Moves to the earliest of the queued events and the timers, and fires it (timers first,
    // in the order given). @return false when nothing is left to happen.
    bool advance(std::initializer_list<timer> timers) {
        time_point next = (time_point::max)();
        if (!queue_.empty()) next = queue_.top().at;
        for (const timer& t : timers) {
            if (t.first < next) next = t.first;
        }
        if (next == (time_point::max)()) return false;
        now_ = next;
        for (const timer& t : timers) {
            if (t.first <= now_) {
                t.second();
                return true;
            }
        }
        event e = queue_.top();
        queue_.pop();
        e.fire();
        return true;
    }

    // Runs until nothing is left to happen (bounded, so a livelock fails instead of hanging).
    template <class Step>
    void run_until_settled(Step&& step_once) {
        for (int guard = 0; guard < 100000 && step_once(); ++guard) {
        }
    }

    time_point now_{};

private:
    struct event {
        time_point at;
        std::uint64_t order;
        std::function<void()> fire;
        bool operator>(const event& o) const { return at != o.at ? at > o.at : order > o.order; }
    };

    std::uint64_t order_ = 0;
    std::priority_queue<event, std::vector<event>, std::greater<>> queue_;
    std::vector<std::string> log_;
    const char* broken_ = nullptr;
};

// The origin's application, as both kits play it: reject the head with `reject_with` at once,
// or accept and read the body; a request without content is answered with `answer` at once.
// `perform` feeds a step back to the kit; `respond` writes a final status.
template <class Server, class Perform, class Respond>
void play_origin_head(Server& server, virtual_clock::time_point now, std::uint16_t reject_with,
                      std::uint16_t answer, Perform&& perform, Respond&& respond) {
    if (server.state() == server_state::deciding) {
        if (reject_with != 0) {
            respond(reject_with);
            return;
        }
        perform(server.accept(now));
        perform(server.on_body_read(now));
    } else if (server.state() == server_state::received) {
        respond(answer);
    }
}

}  // namespace expect100::test

#endif  // EXPECT100_TESTS_SUPPORT_VIRTUAL_LOOP_HPP
