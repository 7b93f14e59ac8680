//! Links in Markdown: `@/` links to content files and links to the site's own URLs are
//! checked and made absolute to the site; links to held-back items lose their link.

use super::{AnchorCheck, LinkProblem, Links, Rendered, Target};
use crate::diagnostics::closest;
use crate::model::permalink::{decode_path, encode_path};
use crate::model::site::{HeldBack, ItemId};

/// Resolves one link target.
// One decision per kind of target (`@/` file, own URL, anchor on this page, other site),
// in the order a link is read; each arm is short, and apart they would repeat the parsing
// of the target above them.
pub(super) fn rewrite_link(
    dest: &str,
    body: &str,
    range: std::ops::Range<usize>,
    links: &Links<'_>,
    me: Option<ItemId>,
    rendered: &mut Rendered,
) -> Target {
    let written = &body[range.clone()];
    // Where the target is written, for a diagnostic or a later anchor check; most links
    // (external ones) need neither. A reference link (`[text][r]`) has its target on the
    // line defining `[r]:`, which is what the author has to fix.
    let offset = || match written.rfind(dest) {
        Some(i) => range.start + i,
        None => definition_of(body, dest).unwrap_or(range.start),
    };
    let len = dest.len().max(1);
    // Anchors are compared decoded: `#%E8%84%91` is the heading `脑`.
    let (path, decoded_anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (
            path,
            Some(decode_path(anchor).unwrap_or_else(|| anchor.to_string())),
        ),
        None => (dest, None),
    };
    let anchor = decoded_anchor.as_deref();
    if let Some(content_path) = path.strip_prefix("@/") {
        let content_path = decode_path(content_path).unwrap_or_else(|| content_path.to_string());
        if let Some(url) = links.section_urls.get(content_path.as_str()) {
            let url = encode_path(&format!("{}{url}", links.base_path));
            return Target::Rewrite(match anchor {
                Some(anchor) => format!("{url}#{}", encode_path(anchor)),
                None => url,
            });
        }
        let Some(target) = links.by_content_path.get(content_path.as_str()) else {
            if let Some(why) = links.held_back.get(content_path.as_str()) {
                rendered
                    .problems
                    .push(held_back_link(&content_path, *why, offset(), len));
                return Target::Unlink;
            }
            rendered.problems.push(LinkProblem {
                offset: offset(),
                len,
                message: format!("the link target `@/{content_path}` does not exist"),
                hint: missing_target_hint(&content_path, links),
                warning: false,
            });
            return Target::Keep;
        };
        if let Some(anchor) = anchor {
            rendered.anchor_checks.push(AnchorCheck {
                target,
                anchor: anchor.to_string(),
                offset: offset(),
                len,
            });
        }
        let url = encode_path(&format!("{}{}", links.base_path, links.urls[target]));
        return Target::Rewrite(match anchor {
            Some(anchor) => format!("{url}#{}", encode_path(anchor)),
            None => url,
        });
    }
    if path.is_empty() {
        if let (Some(anchor), Some(me)) = (anchor, me) {
            rendered.anchor_checks.push(AnchorCheck {
                target: me,
                anchor: anchor.to_string(),
                offset: offset(),
                len,
            });
        }
        return Target::Keep;
    }
    if let Some(folder) = me.and_then(|me| links.bundles.get(&me))
        && is_relative_file(path)
    {
        return bundle_link(folder, path, anchor, links, rendered, (offset(), len));
    }
    if !path.starts_with('/') || path.starts_with("//") {
        return Target::Keep;
    }
    // A root-relative link into the site: check it and give it the base path.
    let decoded = decode_path(path).unwrap_or_else(|| path.to_string());
    if is_external(&decoded, links.external_paths) {
        return with_base_path(dest, links);
    }
    let page = if decoded.ends_with('/') || decoded.rsplit('/').next().is_some_and(|s| s.contains('.')) {
        decoded.clone()
    } else {
        format!("{decoded}/")
    };
    let folder = format!("{decoded}/");
    if ![&page, &decoded, &folder].iter().any(|url| links.knows(url)) {
        rendered.problems.push(LinkProblem {
            offset: offset(),
            len,
            message: format!("the link target `{path}` is not a page or file of this site"),
            hint: "link to an existing page, or use an @/ link to a content file".into(),
            warning: false,
        });
        return Target::Keep;
    }
    if let (Some(anchor), Some(target)) = (anchor, links.by_url.get(page.as_str())) {
        rendered.anchor_checks.push(AnchorCheck {
            target,
            anchor: anchor.to_string(),
            offset: offset(),
            len,
        });
    }
    with_base_path(dest, links)
}

/// A link of a page's summary as another page shows it: `#anchor` and relative links
/// (`../x/`) resolved against `page_url`, the page's own; `None` for the others, which
/// hold anywhere.
pub(super) fn from_elsewhere(dest: &str, page_url: &str) -> Option<String> {
    if dest.starts_with('#') {
        return Some(format!("{page_url}{dest}"));
    }
    let (path, rest) = dest.find(['#', '?']).map_or((dest, ""), |i| dest.split_at(i));
    if !is_relative_file(path) {
        return None;
    }
    Some(format!("{}{rest}", resolve(page_url, path)?))
}

/// Where `dest` is written as the target of a link reference definition (`[r]: dest`).
fn definition_of(body: &str, dest: &str) -> Option<usize> {
    body.match_indices(dest).map(|(i, _)| i).find(|&i| {
        let before = body[..i].trim_end_matches([' ', '\t', '<']);
        before.ends_with("]:")
            && body[..i]
                .rsplit('\n')
                .next()
                .is_some_and(|line| line.trim_start().starts_with('['))
    })
}

/// A root-relative link as the site's pages write it: under the site's base path.
fn with_base_path(dest: &str, links: &Links<'_>) -> Target {
    if links.base_path.is_empty() {
        Target::Keep
    } else {
        Target::Rewrite(format!("{}{}", links.base_path, dest))
    }
}

/// Whether the URL path `path` (without the base path) is served by something else than
/// the site (`external_paths:`), and so not checked: `/api` and `/api/x` are under `/api/`.
pub(crate) fn is_external(path: &str, external_paths: &[String]) -> bool {
    external_paths
        .iter()
        .any(|prefix| path.starts_with(prefix.as_str()) || prefix.strip_suffix('/') == Some(path))
}
/// The URL path (without the base path) a picture's target names when it is a file of
/// this site: written from the site's root, or relative to the item's page bundle.
pub(super) fn picture_path(dest: &str, links: &Links<'_>, me: Option<ItemId>) -> Option<String> {
    let path = dest.split(['#', '?']).next()?;
    let decoded = decode_path(path).unwrap_or_else(|| path.to_string());
    if decoded.starts_with('/') && !decoded.starts_with("//") {
        return Some(decoded);
    }
    let folder = me.and_then(|me| links.bundles.get(&me))?;
    is_relative_file(path)
        .then(|| resolve(folder, &decoded))
        .flatten()
}

/// A path relative to the page (`photo.jpg`, `../x/`), not an address with a scheme
/// (`https:`, `mailto:`), a root-relative path, a query or an anchor.
fn is_relative_file(path: &str) -> bool {
    let scheme = path
        .split_once(':')
        .is_some_and(|(before, _)| !before.contains('/'));
    !path.is_empty() && !scheme && !path.starts_with(['/', '?', '#']) && !path.contains('?')
}

/// A relative link in a page bundle's Markdown: a file of the bundle (or a page), resolved
/// against the folder its files are published in, checked, and made root-relative so it
/// holds on the bundle's translations and on list pages that show its summary.
fn bundle_link(
    folder: &str,
    path: &str,
    anchor: Option<&str>,
    links: &Links<'_>,
    rendered: &mut Rendered,
    (offset, len): (usize, usize),
) -> Target {
    let decoded = decode_path(path).unwrap_or_else(|| path.to_string());
    let resolved = resolve(folder, &decoded);
    let known = resolved
        .as_ref()
        .filter(|url| links.knows(url) || links.knows(&format!("{url}/")));
    let Some(url) = known else {
        rendered.problems.push(LinkProblem {
            offset,
            len,
            message: format!("the link target `{path}` is not a file beside this page's index.md"),
            hint: "put the file in the page's folder, or link to a page with an @/ link".into(),
            warning: false,
        });
        return Target::Keep;
    };
    let url = encode_path(&format!("{}{url}", links.base_path));
    Target::Rewrite(match anchor {
        Some(anchor) => format!("{url}#{}", encode_path(anchor)),
        None => url,
    })
}

/// `/news/2023/x/` + `../y/photo.jpg` → `/news/2023/y/photo.jpg`; `None` above the root.
fn resolve(folder: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let trailing = if relative.ends_with('/') { "/" } else { "" };
    Some(format!("/{}{trailing}", parts.join("/")))
}

/// The nearest file a broken `@/` link may have meant, or one that exists, from this site.
fn missing_target_hint(content_path: &str, links: &Links<'_>) -> String {
    if let Some(near) = closest(content_path, links.by_content_path.keys()) {
        return format!("did you mean @/{near}?");
    }
    match links.by_content_path.keys().min() {
        Some(example) => format!("write the path of a file under content/, such as @/{example}"),
        None => "write the path of a file under content/, such as @/about.md".into(),
    }
}

/// A link to an item this build holds back is left out, text kept, with a warning: the
/// page it names does not exist yet, and naming a story scheduled for tomorrow is no
/// mistake (references to held-back items are dropped the same way; see `schedule`).
fn held_back_link(content_path: &str, why: HeldBack, offset: usize, len: usize) -> LinkProblem {
    let (message, hint) = match why {
        HeldBack::Draft => (
            format!(
                "the link target `@/{content_path}` is a draft, not part of this build: its text is kept without the link"
            ),
            "the link appears once the draft is published; `--drafts` previews both",
        ),
        HeldBack::Future => (
            format!(
                "the link target `@/{content_path}` is dated after today, not part of this build yet: its text is kept without the link"
            ),
            "the link appears in the first build on or after that date; `--future` previews both",
        ),
    };
    LinkProblem {
        offset,
        len,
        message,
        hint: hint.into(),
        warning: true,
    }
}
pub(super) fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
