// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// How long a client holds its body after the head went out, and what it remembers per origin.
//
// A WaitStrategy is a small type stored in the client machine (at zero size when empty):
//     template <class Duration> constexpr Duration wait_for() const noexcept;
//         how long to hold the body, counted from the moment the head was flushed (curl's
//         phase rule, docs/requirements.md "Choices" point 3: the clock never runs while the head
//         is still queued)
//     template <class Duration> constexpr void on_continue(Duration after_head) noexcept;
//         a 100 arrived this long after the head was flushed: a round-trip sample
//     constexpr void on_expiry() noexcept;
//         the wait ran out without a 100
//
// origin_facts and origin_cache are the per-origin capability memory: what an origin was seen to
// do, passed to the client machine by value and stored back by the caller by key, in a fixed
// number of records forgotten after a configurable time so that a fixed server is tried again.
#ifndef EXPECT100_WAIT_HPP
#define EXPECT100_WAIT_HPP

#include <expect100/policy.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace expect100 {

namespace detail {

// The round-trip estimate of adaptive waits: RFC 6298-style smoothing with a 1/8 gain.
class round_trip_estimate {
public:
    template <class Duration>
    constexpr void sample(Duration after_head) noexcept {
        const std::int64_t ns =
            std::chrono::duration_cast<std::chrono::nanoseconds>(after_head).count();
        smoothed_ns_ = samples_ == 0 ? ns : smoothed_ns_ + (ns - smoothed_ns_) / 8;
        if (samples_ < UINT32_MAX) {
            ++samples_;
        }
    }
    // multiplier x the estimate within [minimum, maximum]; `initial` before any sample.
    template <class Duration>
    constexpr Duration scaled(std::int64_t multiplier, std::chrono::milliseconds minimum,
                              std::chrono::milliseconds maximum,
                              std::chrono::milliseconds initial) const noexcept {
        if (samples_ == 0) {
            return std::chrono::duration_cast<Duration>(initial);
        }
        const std::chrono::nanoseconds scaled_ns(smoothed_ns_ * multiplier);
        const std::chrono::nanoseconds low = minimum;
        const std::chrono::nanoseconds high = maximum;
        return std::chrono::duration_cast<Duration>((std::clamp)(scaled_ns, low, high));
    }
    constexpr std::uint32_t samples() const noexcept { return samples_; }

private:
    std::int64_t smoothed_ns_ = 0;
    std::uint32_t samples_ = 0;
};

}  // namespace detail

// Hold the body for a fixed time: curl 1000 ms, .NET 1 s, .NET Framework 350 ms, Java 5 s, the
// outage's client 5 s.
template <std::int64_t Milliseconds>
struct fixed_wait {
    static_assert(Milliseconds >= 0, "a wait cannot be negative");
    static constexpr wait_policy policy{wait_kind::fixed, std::chrono::milliseconds(Milliseconds)};
    template <class Duration>
    constexpr Duration wait_for() const noexcept {
        return std::chrono::duration_cast<Duration>(std::chrono::milliseconds(Milliseconds));
    }
    template <class Duration>
    constexpr void on_continue(Duration) noexcept {}
    constexpr void on_expiry() noexcept {}
};

// Hold the body until a response comes, with no timer: Beast's documented snippet, aiohttp,
// old JDKs. Reproduces the hang C-4 warns about; for presets and tests, not for use.
struct infinite_wait {
    static constexpr wait_policy policy{wait_kind::infinite};
    template <class Duration>
    constexpr Duration wait_for() const noexcept {
        return (Duration::max)();
    }
    template <class Duration>
    constexpr void on_continue(Duration) noexcept {}
    constexpr void on_expiry() noexcept {}
};

// Do not hold the body at all (Expect sent for its early-rejection value only, C-3).
using no_wait = fixed_wait<0>;

// Hold the body for a time chosen at run time (a command-line flag, a configuration file):
// set_wait() before start_request; until then it holds for 1 s, curl's default.
class configured_wait {
public:
    constexpr void set_wait(std::chrono::milliseconds wait) noexcept {
        wait_ = wait < std::chrono::milliseconds(0) ? std::chrono::milliseconds(0) : wait;
    }
    template <class Duration>
    constexpr Duration wait_for() const noexcept {
        return std::chrono::duration_cast<Duration>(wait_);
    }
    template <class Duration>
    constexpr void on_continue(Duration) noexcept {}
    constexpr void on_expiry() noexcept {}

private:
    std::chrono::milliseconds wait_{1000};
};

// A multiple of the measured round trip, clamped: Multiplier x the smoothed time from head to
// 100 (RFC 6298-style 1/8 gain), never below MinMs nor above MaxMs; InitialMs before any
// sample. No peer has this (gap 1): a fast origin costs little, a slow one is still waited for.
template <std::int64_t Multiplier = 4, std::int64_t MinMs = 50, std::int64_t MaxMs = 2000,
          std::int64_t InitialMs = 1000>
class adaptive_wait {
    static_assert(Multiplier > 0 && MinMs >= 0 && MinMs <= MaxMs && InitialMs >= MinMs &&
                      InitialMs <= MaxMs,
                  "adaptive_wait needs 0 <= MinMs <= InitialMs <= MaxMs and Multiplier > 0");

public:
    static constexpr wait_policy policy{wait_kind::adaptive,
                                        std::chrono::milliseconds(0),
                                        Multiplier,
                                        std::chrono::milliseconds(MinMs),
                                        std::chrono::milliseconds(MaxMs),
                                        std::chrono::milliseconds(InitialMs)};

    template <class Duration>
    constexpr Duration wait_for() const noexcept {
        return estimate_.template scaled<Duration>(policy.multiplier, policy.minimum,
                                                   policy.maximum, policy.initial);
    }
    template <class Duration>
    constexpr void on_continue(Duration after_head) noexcept {
        estimate_.sample(after_head);
    }
    constexpr void on_expiry() noexcept {}
    constexpr std::uint32_t samples() const noexcept { return estimate_.samples(); }

private:
    detail::round_trip_estimate estimate_;
};

// Any of the above, chosen at run time from a wait_policy (a preset's, read with
// wait_policy_of, then perhaps changed by a command-line flag): the strategy of the run-time
// traits (presets.hpp's runtime_client, runtime_intermediary).
class runtime_wait {
public:
    constexpr runtime_wait() noexcept = default;
    constexpr explicit runtime_wait(const wait_policy& p) noexcept : policy_(clamped(p)) {}

    template <class Duration>
    constexpr Duration wait_for() const noexcept {
        switch (policy_.kind) {
        case wait_kind::fixed: return std::chrono::duration_cast<Duration>(policy_.fixed);
        case wait_kind::adaptive:
            return estimate_.template scaled<Duration>(policy_.multiplier, policy_.minimum,
                                                       policy_.maximum, policy_.initial);
        case wait_kind::infinite: break;
        }
        return (Duration::max)();
    }
    template <class Duration>
    constexpr void on_continue(Duration after_head) noexcept {
        if (policy_.kind == wait_kind::adaptive) {
            estimate_.sample(after_head);
        }
    }
    constexpr void on_expiry() noexcept {}
    constexpr const wait_policy& policy() const noexcept { return policy_; }
    constexpr std::uint32_t samples() const noexcept { return estimate_.samples(); }

private:
    // Negative times count as zero; an adaptive range is put in order.
    static constexpr wait_policy clamped(wait_policy p) noexcept {
        const std::chrono::milliseconds zero(0);
        p.fixed = (std::max)(p.fixed, zero);
        p.multiplier = (std::max)(p.multiplier, std::int64_t{1});
        p.minimum = (std::max)(p.minimum, zero);
        p.maximum = (std::max)(p.maximum, p.minimum);
        p.initial = (std::clamp)(p.initial, p.minimum, p.maximum);
        return p;
    }

    wait_policy policy_{};
    detail::round_trip_estimate estimate_;
};

// A strategy held by the caller and shared: every machine pointed at the same object reads and
// teaches one estimate, so the connections to one upstream learn its round trip together (an
// intermediary's grace, a client's wait). The caller keeps the object alive longer than the
// machines, and shares it only among machines of one thread (one event loop). Until share() is
// called the machine waits as a default-constructed Strategy would and learns nothing.
template <class Strategy>
class shared_wait {
public:
    constexpr shared_wait() noexcept = default;
    constexpr explicit shared_wait(Strategy& shared) noexcept : shared_(&shared) {}
    constexpr void share(Strategy& shared) noexcept { shared_ = &shared; }

    template <class Duration>
    constexpr Duration wait_for() const noexcept {
        return shared_ != nullptr ? shared_->template wait_for<Duration>()
                                  : Strategy{}.template wait_for<Duration>();
    }
    template <class Duration>
    constexpr void on_continue(Duration after_head) noexcept {
        if (shared_ != nullptr) shared_->on_continue(after_head);
    }
    constexpr void on_expiry() noexcept {
        if (shared_ != nullptr) shared_->on_expiry();
    }

private:
    Strategy* shared_ = nullptr;
};

// The value of a strategy type that states one (fixed_wait, infinite_wait, adaptive_wait).
template <class Strategy>
constexpr wait_policy wait_policy_of() noexcept {
    return Strategy::policy;
}

// What an origin was seen to do. A bit set.
enum class origin_fact : std::uint8_t {
    sends_continue = 1U << 0,   // a 100 came (so waiting is worth it)
    never_continues = 1U << 1,  // an Expect request completed with no 100 (.NET Framework's rule)
    answers_417 = 1U << 2,      // it refused the expectation (C-5): do not send it again
    http_1_0_hop = 1U << 3,     // it answered with HTTP/1.0: no 1xx can come back (C-4, P-3)
};

// What is known of one origin, as a value. The client machine starts a request with a copy of
// what the caller remembers and reports what it learned (basic_client::origin()); the caller
// stores that by key. No pointer into the caller's memory is held across an exchange: another
// lookup may hand the same slot to another origin meanwhile.
class origin_facts {
public:
    constexpr origin_facts() noexcept = default;

    constexpr bool has(origin_fact f) const noexcept {
        return (bits_ & static_cast<std::uint8_t>(f)) != 0;
    }
    constexpr void add(origin_fact f) noexcept {
        bits_ = static_cast<std::uint8_t>(bits_ | static_cast<std::uint8_t>(f));
    }
    constexpr void remove(origin_fact f) noexcept {
        bits_ = static_cast<std::uint8_t>(bits_ & ~static_cast<unsigned>(f));
    }
    constexpr bool empty() const noexcept { return bits_ == 0; }

    friend constexpr bool operator==(origin_facts a, origin_facts b) noexcept {
        return a.bits_ == b.bits_;
    }
    friend constexpr bool operator!=(origin_facts a, origin_facts b) noexcept { return !(a == b); }

private:
    std::uint8_t bits_ = 0;
};

// A fixed-capacity memory of origins, keyed by the caller's id for scheme://host:port (nonzero).
// recall() gives what is known (nothing for an unknown key, or once `forget_after` has passed
// since it was learned: the origin may have changed); remember() stores what a finished exchange
// reported, in the slot of the record learned longest ago when the cache is full.
template <class Clock, std::size_t Capacity = 16>
class origin_cache {
public:
    using time_point = typename Clock::time_point;
    using duration = typename Clock::duration;
    static_assert(Capacity > 0, "an origin cache needs one slot");

    constexpr explicit origin_cache(duration forget_after) noexcept : forget_after_(forget_after) {}

    constexpr origin_facts recall(std::uint64_t key, time_point now) const noexcept {
        const slot* s = find(key);
        if (s == nullptr || now - s->learned_at >= forget_after_) {
            return origin_facts{};
        }
        return s->facts;
    }

    // Stores `facts` for `key`; the time of learning moves only when they changed.
    constexpr void remember(std::uint64_t key, origin_facts facts, time_point now) noexcept {
        if (key == 0) {
            return;
        }
        slot* s = find(key);
        if (s == nullptr) {
            if (facts.empty()) {
                return;  // nothing worth a slot
            }
            s = &records_[0];  // an empty slot, else the record learned longest ago
            for (slot& r : records_) {
                const bool better = s->key != 0 && (r.key == 0 || r.learned_at < s->learned_at);
                if (better) {
                    s = &r;
                }
            }
            *s = slot{key, origin_facts{}, now};
        }
        if (s->facts != facts || now - s->learned_at >= forget_after_) {
            s->facts = facts;
            s->learned_at = now;
        }
    }
    static constexpr std::size_t capacity() noexcept { return Capacity; }

private:
    struct slot {
        std::uint64_t key = 0;  // 0 = unused
        origin_facts facts{};
        time_point learned_at{};
    };
    constexpr const slot* find(std::uint64_t key) const noexcept {
        for (const slot& r : records_) {
            if (key != 0 && r.key == key) {
                return &r;
            }
        }
        return nullptr;
    }
    constexpr slot* find(std::uint64_t key) noexcept {
        return const_cast<slot*>(static_cast<const origin_cache&>(*this).find(key));
    }

    slot records_[Capacity] = {};
    duration forget_after_;
};

}  // namespace expect100

#endif  // EXPECT100_WAIT_HPP
