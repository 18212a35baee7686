//! One usage shape for every dialect and provider variant, and what it costs.
//!
//! Five counts: `input` (prompt tokens read fresh), `cache_read`, `cache_write`, `output` and
//! `reasoning`. Reasoning is part of `output` (OpenAI's `reasoning_tokens` are inside
//! `completion_tokens`/`output_tokens`; Anthropic counts thinking inside `output_tokens` and
//! reports no separate number, so it stays 0 there): it is shown, never charged twice. The
//! prompt's total is `input + cache_read + cache_write`, whatever the provider calls it:
//! OpenAI's `prompt_tokens`/`input_tokens` include the cached part (`cached_tokens`,
//! DeepSeek's `prompt_cache_hit_tokens`), Anthropic's `input_tokens` do not (cache reads and
//! writes come beside them).

use std::sync::LazyLock;

use memchr::memmem::FinderRev;
use serde::Deserialize;

use crate::state::providers::Dialect;

/// What one answer used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub input: u64,
    pub cache_read: u64,
    pub cache_write: u64,
    pub output: u64,
    pub reasoning: u64,
}

impl Usage {
    /// Every prompt token: fresh, read from the cache or written to it.
    pub fn prompt(&self) -> u64 {
        self.input + self.cache_read + self.cache_write
    }

    pub fn total(&self) -> u64 {
        self.prompt() + self.output
    }

    /// Takes the larger of each count: stream events repeat or grow them (Anthropic's
    /// `message_start` has the input, `message_delta` the output).
    pub fn merge(&mut self, other: Self) {
        self.input = self.input.max(other.input);
        self.cache_read = self.cache_read.max(other.cache_read);
        self.cache_write = self.cache_write.max(other.cache_write);
        self.output = self.output.max(other.output);
        self.reasoning = self.reasoning.max(other.reasoning);
    }

    /// The `usage` object of an answer or event in `dialect`.
    pub fn parse(object: &[u8], dialect: Dialect) -> Option<Self> {
        let mut de = serde_json::Deserializer::from_slice(object);
        let raw = Raw::deserialize(&mut de).ok()?;
        Some(raw.normalize(dialect))
    }

    /// The last `"usage": {…}` in `buf` (an event's data or a whole answer), wherever it is
    /// nested (Responses: `response.usage`; Messages: `message.usage`).
    pub fn find(buf: &[u8], dialect: Dialect) -> Option<Self> {
        // Built once: building the searcher costs more than a search over an answer.
        static USAGE: LazyLock<FinderRev<'static>> = LazyLock::new(|| FinderRev::new(b"\"usage\""));
        let at = USAGE.rfind_iter(buf).find_map(|at| {
            let rest = buf[at + 7..].trim_ascii_start().strip_prefix(b":")?;
            let rest = rest.trim_ascii_start();
            rest.starts_with(b"{").then_some(rest)
        })?;
        Self::parse(at, dialect)
    }
}

/// Token counts as any of the dialects and providers name them.
#[derive(Debug, Default, Deserialize)]
struct Raw {
    prompt_tokens: Option<u64>,
    completion_tokens: Option<u64>,
    input_tokens: Option<u64>,
    output_tokens: Option<u64>,
    prompt_tokens_details: Option<InputDetails>,
    input_tokens_details: Option<InputDetails>,
    completion_tokens_details: Option<OutputDetails>,
    output_tokens_details: Option<OutputDetails>,
    /// DeepSeek.
    prompt_cache_hit_tokens: Option<u64>,
    /// Anthropic.
    cache_read_input_tokens: Option<u64>,
    cache_creation_input_tokens: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
struct InputDetails {
    cached_tokens: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
struct OutputDetails {
    reasoning_tokens: Option<u64>,
}

impl Raw {
    fn normalize(self, dialect: Dialect) -> Usage {
        let output = self.output_tokens.or(self.completion_tokens).unwrap_or(0);
        let reasoning = self
            .output_tokens_details
            .or(self.completion_tokens_details)
            .and_then(|d| d.reasoning_tokens)
            .unwrap_or(0);
        if dialect == Dialect::Messages {
            return Usage {
                input: self.input_tokens.unwrap_or(0),
                cache_read: self.cache_read_input_tokens.unwrap_or(0),
                cache_write: self.cache_creation_input_tokens.unwrap_or(0),
                output,
                reasoning,
            };
        }
        let prompt = self.input_tokens.or(self.prompt_tokens).unwrap_or(0);
        let cached = self
            .input_tokens_details
            .or(self.prompt_tokens_details)
            .and_then(|d| d.cached_tokens)
            .or(self.prompt_cache_hit_tokens)
            .unwrap_or(0)
            .min(prompt);
        Usage {
            input: prompt - cached,
            cache_read: cached,
            cache_write: 0,
            output,
            reasoning,
        }
    }
}

/// A model's prices in USD per token; a cache price not set is the input price.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prices {
    pub input: f64,
    pub output: f64,
    pub cache_read: f64,
    pub cache_write: f64,
}

impl Prices {
    /// From prices per 1M tokens, as stored.
    pub fn per_mtok(
        input: f64,
        output: f64,
        cache_read: Option<f64>,
        cache_write: Option<f64>,
    ) -> Self {
        Self {
            input: input / 1e6,
            output: output / 1e6,
            cache_read: cache_read.unwrap_or(input) / 1e6,
            cache_write: cache_write.unwrap_or(input) / 1e6,
        }
    }

    /// Each count times its price.
    #[expect(clippy::cast_precision_loss, reason = "token counts far below 2^52")]
    pub fn cost(&self, u: &Usage) -> f64 {
        u.input as f64 * self.input
            + u.cache_read as f64 * self.cache_read
            + u.cache_write as f64 * self.cache_write
            + u.output as f64 * self.output
    }

    /// The higher of each price: what a budget reserves before the provider is known.
    pub fn max(self, other: Self) -> Self {
        Self {
            input: self.input.max(other.input),
            output: self.output.max(other.output),
            cache_read: self.cache_read.max(other.cache_read),
            cache_write: self.cache_write.max(other.cache_write),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    /// Recorded usage objects of each shape → the five counts and the cost.
    #[test]
    fn golden_usage_of_every_shape() {
        let cases: [(&str, Dialect, Usage); 6] = [
            // OpenAI chat with cached prompt and reasoning.
            (
                r#"{"prompt_tokens":2006,"completion_tokens":300,"total_tokens":2306,"prompt_tokens_details":{"cached_tokens":1920,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":192,"audio_tokens":0}}"#,
                Dialect::Chat,
                Usage {
                    input: 86,
                    cache_read: 1920,
                    cache_write: 0,
                    output: 300,
                    reasoning: 192,
                },
            ),
            // DeepSeek: hit and miss beside the total.
            (
                r#"{"prompt_tokens":1000,"completion_tokens":50,"total_tokens":1050,"prompt_cache_hit_tokens":900,"prompt_cache_miss_tokens":100}"#,
                Dialect::Chat,
                Usage {
                    input: 100,
                    cache_read: 900,
                    cache_write: 0,
                    output: 50,
                    reasoning: 0,
                },
            ),
            // OpenAI Responses.
            (
                r#"{"input_tokens":328,"input_tokens_details":{"cached_tokens":256},"output_tokens":52,"output_tokens_details":{"reasoning_tokens":32},"total_tokens":380}"#,
                Dialect::Responses,
                Usage {
                    input: 72,
                    cache_read: 256,
                    cache_write: 0,
                    output: 52,
                    reasoning: 32,
                },
            ),
            // Anthropic Messages: cache reads and writes beside the input.
            (
                r#"{"input_tokens":12,"cache_creation_input_tokens":1500,"cache_read_input_tokens":3000,"output_tokens":400,"service_tier":"standard"}"#,
                Dialect::Messages,
                Usage {
                    input: 12,
                    cache_read: 3000,
                    cache_write: 1500,
                    output: 400,
                    reasoning: 0,
                },
            ),
            // Anthropic's message_delta: output only.
            (
                r#"{"output_tokens":15}"#,
                Dialect::Messages,
                Usage {
                    input: 0,
                    cache_read: 0,
                    cache_write: 0,
                    output: 15,
                    reasoning: 0,
                },
            ),
            // A plain OpenAI-compatible answer.
            (
                r#"{"prompt_tokens":7,"completion_tokens":3}"#,
                Dialect::Chat,
                Usage {
                    input: 7,
                    cache_read: 0,
                    cache_write: 0,
                    output: 3,
                    reasoning: 0,
                },
            ),
        ];
        for (json, dialect, want) in cases {
            assert_eq!(Usage::parse(json.as_bytes(), dialect), Some(want), "{json}");
        }
    }

    #[test]
    fn deepseek_cache_hits_cost_what_its_price_list_says() {
        // deepseek-chat: input $0.27 (cache miss), $0.07 (cache hit), output $1.10 per 1M.
        let prices = Prices::per_mtok(0.27, 1.10, Some(0.07), None);
        let u = Usage::parse(
            br#"{"prompt_tokens":1000,"completion_tokens":0,"prompt_cache_hit_tokens":900,"prompt_cache_miss_tokens":100}"#,
            Dialect::Chat,
        )
        .expect("usage");
        let cost = prices.cost(&u);
        assert!(close(cost, (100.0 * 0.27 + 900.0 * 0.07) / 1e6), "{cost}");
        // Not what 1,000 uncached tokens would cost.
        assert!(cost < 1000.0 * 0.27 / 1e6 / 2.0);
    }

    #[test]
    fn anthropic_cache_writes_pay_their_premium_and_unset_prices_fall_back_to_input() {
        // Claude Sonnet: input $3, output $15, cache write $3.75, cache read $0.30 per 1M.
        let set = Prices::per_mtok(3.0, 15.0, Some(0.30), Some(3.75));
        let u = Usage {
            input: 12,
            cache_read: 3000,
            cache_write: 1500,
            output: 400,
            reasoning: 0,
        };
        let want = (12.0 * 3.0 + 3000.0 * 0.30 + 1500.0 * 3.75 + 400.0 * 15.0) / 1e6;
        assert!(close(set.cost(&u), want));
        let unset = Prices::per_mtok(3.0, 15.0, None, None);
        assert!(close(unset.cost(&u), (4512.0 * 3.0 + 400.0 * 15.0) / 1e6));
    }

    #[test]
    fn usage_is_found_wherever_it_nests_and_events_merge() {
        let start = br#"data: {"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":25,"cache_read_input_tokens":100,"output_tokens":1}}}"#;
        let delta = br#"data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":15}}"#;
        let mut u = Usage::find(start, Dialect::Messages).expect("start");
        u.merge(Usage::find(delta, Dialect::Messages).expect("delta"));
        assert_eq!((u.input, u.cache_read, u.output), (25, 100, 15));
        let done = br#"data: {"type":"response.completed","response":{"id":"resp_1","usage":{"input_tokens":10,"output_tokens":4,"input_tokens_details":{"cached_tokens":0}}}}"#;
        let r = Usage::find(done, Dialect::Responses).expect("completed");
        assert_eq!((r.input, r.output), (10, 4));
        assert_eq!(Usage::find(br#"{"usage":null}"#, Dialect::Chat), None);
    }
}
