//! Drafts and schedules: which items a build publishes.
//!
//! An item is held back when it is a draft (`draft: true`) and the build was not asked for
//! drafts, or when its `date` lies in the future and the build was not asked for future
//! items. The link stage leaves held-back items out before anything links to them, so they
//! are missing from every list, backlink, term page, feed and sitemap at once, and a
//! reference to one is dropped rather than reported (it is not a mistake to name a story
//! that is scheduled for tomorrow).
//!
//! "The future" is judged against the clock of the machine that builds, in its own time
//! zone (jiff's `Zoned::now()`, which follows `TZ` or the system's zone): a bare date is
//! published from the start of that day in that zone, a date and time without an offset
//! from that wall-clock time there, and a date and time with an offset from that instant.
//! Building in CI with `TZ` set to the site's own zone makes "today" the authors' today.

use jiff::Zoned;

use crate::model::item::Item;
use crate::model::schema::FieldValue;
use crate::model::site::HeldBack;

/// What a build publishes.
#[derive(Debug, Clone)]
pub(crate) struct Schedule {
    /// Publish items marked `draft: true`.
    pub drafts: bool,
    /// Publish items dated after `now`.
    pub future: bool,
    /// The build's clock, in the time zone that decides what "today" is.
    pub now: Zoned,
}

impl Schedule {
    /// The schedule of a build starting now, in the system's time zone.
    pub(crate) fn now(drafts: bool, future: bool) -> Schedule {
        Schedule {
            drafts,
            future,
            now: Zoned::now(),
        }
    }

    /// Why `item` is held back, if it is. A draft is reported as a draft even when it is
    /// also dated in the future: `--drafts` is what the author has to reach for first.
    pub(crate) fn holds_back(&self, item: &Item) -> Option<HeldBack> {
        if item.draft && !self.drafts {
            return Some(HeldBack::Draft);
        }
        if !self.future && item.date.as_ref().is_some_and(|date| is_after(date, &self.now)) {
            return Some(HeldBack::Future);
        }
        None
    }
}

/// True when a `date` value lies after `now` (see the module's note on time zones).
pub(crate) fn is_after(value: &FieldValue, now: &Zoned) -> bool {
    match value {
        FieldValue::Date(date) => *date > now.date(),
        FieldValue::DateTime { civil, text } => match text.parse::<jiff::Timestamp>() {
            // Written with an offset: an instant.
            Ok(at) => at > now.timestamp(),
            // Wall-clock time: compared with the wall clock here.
            Err(_) => *civil > now.datetime(),
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2024-06-14 at 23:30 in Chongqing (UTC+8), which is 15:30 UTC.
    fn chongqing_evening() -> Zoned {
        "2024-06-14T23:30:00+08:00[Asia/Shanghai]".parse().unwrap()
    }

    fn date(text: &str) -> FieldValue {
        FieldValue::Date(text.parse().unwrap())
    }

    fn datetime(text: &str) -> FieldValue {
        FieldValue::DateTime {
            civil: text.parse().unwrap(),
            text: text.into(),
        }
    }

    #[test]
    fn a_date_is_published_from_the_start_of_its_day_in_the_local_zone() {
        let now = chongqing_evening();
        assert!(!is_after(&date("2024-06-13"), &now));
        // Today in Chongqing, though it is still the 14th in UTC too: published.
        assert!(!is_after(&date("2024-06-14"), &now));
        assert!(is_after(&date("2024-06-15"), &now));
    }

    #[test]
    fn a_time_without_offset_is_wall_clock_time_here() {
        let now = chongqing_evening();
        assert!(!is_after(&datetime("2024-06-14T23:00:00"), &now));
        assert!(is_after(&datetime("2024-06-14T23:45:00"), &now));
    }

    #[test]
    fn a_time_with_an_offset_is_an_instant() {
        let now = chongqing_evening();
        // 16:00 UTC is after 15:30 UTC, though its wall-clock time reads earlier.
        assert!(is_after(&datetime("2024-06-14T18:00:00+02:00"), &now));
        assert!(!is_after(&datetime("2024-06-14T17:00:00+02:00"), &now));
    }

    #[test]
    fn drafts_are_held_back_before_future_items() {
        let schedule = Schedule {
            drafts: false,
            future: false,
            now: chongqing_evening(),
        };
        let config = "title: T\nbase_url: https://e.org/\n";
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), config).unwrap();
        let config = crate::load::config::load(dir.path()).unwrap();
        let fields = crate::model::schema::builtin_fields(config.taxonomies.keys());
        let load = |text: &str| {
            crate::load::content::load_text(std::path::Path::new("x.md"), text, &config, &fields)
                .0
                .unwrap()
        };
        let draft_tomorrow = load("---\ntitle: X\ndate: 2024-06-15\ndraft: true\n---\n");
        let tomorrow = load("---\ntitle: X\ndate: 2024-06-15\n---\n");
        let today = load("---\ntitle: X\ndate: 2024-06-14\n---\n");
        assert_eq!(schedule.holds_back(&draft_tomorrow), Some(HeldBack::Draft));
        assert_eq!(schedule.holds_back(&tomorrow), Some(HeldBack::Future));
        assert_eq!(schedule.holds_back(&today), None);
        let drafts = Schedule {
            drafts: true,
            ..schedule.clone()
        };
        assert_eq!(drafts.holds_back(&draft_tomorrow), Some(HeldBack::Future));
        let all = Schedule {
            drafts: true,
            future: true,
            ..schedule
        };
        assert_eq!(all.holds_back(&draft_tomorrow), None);
    }
}
