//! Template calls in a Markdown body: shortcodes (Zola's `{{ x() }}` and `{% x() %}`,
//! Hugo's `{{< x >}}` and `{{% x %}}`) and Liquid tags (Jekyll's `{% x %}`, `{{ site.x }}`).
//! gazette renders a body as Markdown only, so each call is either converted into what it
//! would have produced, where that is safe, or left as it is and listed for a hand edit.
//!
//! Safe conversions: links to other content (Hugo's `ref` and `relref`, Jekyll's `link` and
//! `post_url`) become `@/` links, which gazette checks; code highlighting tags on lines of
//! their own become fenced code blocks; the escapes that show a call as text
//! (`{{</* x */>}}`, `{{/* x() */}}`) become the text they show; Jekyll's `{% raw %}`
//! marks and a `{{ site.baseurl }}` in front of a path are dropped, since gazette gives
//! root-relative links the site's path prefix itself. Code blocks and code spans are left
//! alone: a call there is an example, not a call.

/// The template language of the old site's bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Zola,
    Hugo,
    Liquid,
}

/// A body after conversion.
#[derive(Debug, Default)]
pub(crate) struct Converted {
    pub body: String,
    /// What is left to do, by line of the body (0-based) and text.
    pub left: Vec<(usize, String)>,
    /// Links made `@/` links.
    pub links: usize,
    /// Calls converted otherwise (code blocks, escapes).
    pub other: usize,
}

/// Converts `body`; `resolve` turns a link's target as written (`posts/x.md`, or
/// `post_url:2024-01-02-x` for Jekyll's `post_url`) into the `@/` path of its file.
pub(crate) fn convert(body: &str, dialect: Dialect, resolve: &dyn Fn(&str) -> Option<String>) -> Converted {
    let mut out = Converted::default();
    let mut fence: Option<String> = None;
    for (index, line) in body.split_inclusive('\n').enumerate() {
        let (text, end) = match line.strip_suffix('\n') {
            Some(text) => (text, "\n"),
            None => (line, ""),
        };
        let trimmed = text.trim_start();
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str()) {
                fence = None;
            }
            out.body.push_str(&unescape(text, dialect, &mut out.other));
            out.body.push_str(end);
            continue;
        }
        if let Some(marker) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) {
            fence = Some(marker.to_string());
            out.body.push_str(line);
            continue;
        }
        if let Some(code_line) = highlight_line(trimmed, dialect) {
            out.body.push_str(&code_line);
            out.body.push_str(end);
            out.other += 1;
            continue;
        }
        let mut line_converter = Line {
            dialect,
            resolve,
            index,
            out: &mut out,
        };
        let converted = line_converter.convert(text);
        out.body.push_str(&converted);
        out.body.push_str(end);
    }
    out
}

/// A line that only opens or closes a highlighted block, as a code fence.
fn highlight_line(trimmed: &str, dialect: Dialect) -> Option<String> {
    let inner = match dialect {
        Dialect::Hugo => trimmed.strip_prefix("{{<")?.strip_suffix(">}}")?,
        Dialect::Liquid => trimmed.strip_prefix("{%")?.strip_suffix("%}")?,
        Dialect::Zola => return None,
    };
    let inner = inner.trim().trim_start_matches('-').trim_end_matches('-').trim();
    let mut words = inner.split_whitespace();
    match words.next()? {
        "highlight" => Some(format!("```{}", words.next().unwrap_or("").trim_matches('"'))),
        "/highlight" | "endhighlight" => Some("```".into()),
        _ => None,
    }
}

/// One line of a body being converted, outside code blocks.
struct Line<'a, 'r> {
    dialect: Dialect,
    resolve: &'r dyn Fn(&str) -> Option<String>,
    /// The line's 0-based number in the body.
    index: usize,
    out: &'a mut Converted,
}

impl Line<'_, '_> {
    fn convert(&mut self, text: &str) -> String {
        let mut result = String::with_capacity(text.len());
        // Outside code spans only: a part starting with a backtick is a code span.
        for part in split_code_spans(text) {
            if part.starts_with('`') {
                result.push_str(part);
                continue;
            }
            let converted = self.convert_calls(part);
            result.push_str(&unescape(&converted, self.dialect, &mut self.out.other));
        }
        result
    }

    fn convert_calls(&mut self, text: &str) -> String {
        let (dialect, index) = (self.dialect, self.index);
        let mut result = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            let call = &rest[start..];
            let (open, close) = match () {
                _ if call.starts_with("{{<") => ("{{<", ">}}"),
                _ if call.starts_with("{{%") => ("{{%", "%}}"),
                _ if call.starts_with("{{") => ("{{", "}}"),
                _ if call.starts_with("{%") => ("{%", "%}"),
                _ => {
                    result.push_str(&rest[..=start]);
                    rest = &rest[start + 1..];
                    continue;
                }
            };
            result.push_str(&rest[..start]);
            let Some(end) = call[open.len()..]
                .find(close)
                .map(|e| e + open.len() + close.len())
            else {
                // An escaped call (`{{/* x(` …) is text, on one line or several; so is what
                // the dialect does not call (Hugo leaves `{{ x }}` in content alone).
                let after = call[open.len()..].trim_start();
                let is_call = match dialect {
                    Dialect::Hugo => open != "{{",
                    Dialect::Zola => after.contains('('),
                    Dialect::Liquid => true,
                };
                if is_call && !after.starts_with("/*") {
                    self.out.left.push((
                        index,
                        format!("`{}` is not closed on its line; not converted", shorten(call)),
                    ));
                }
                result.push_str(call);
                return result;
            };
            let whole = &call[..end];
            let inner = whole[open.len()..whole.len() - close.len()]
                .trim()
                .trim_matches('-')
                .trim();
            // gazette resolves `@/` links in Markdown, not in an HTML attribute.
            let in_attribute = result.ends_with("=\"") || result.ends_with("='");
            match replacement(inner, open, dialect, self.resolve) {
                Replacement::Text(_, true) if in_attribute => {
                    self.out.left.push((
                        index,
                        format!(
                            "`{}` in an HTML attribute is not converted: gazette resolves `@/` links in Markdown links only; write the page's URL",
                            shorten(inner)
                        ),
                    ));
                    result.push_str(whole);
                }
                Replacement::Text(text, is_link) => {
                    result.push_str(&text);
                    if is_link {
                        self.out.links += 1;
                    } else {
                        self.out.other += 1;
                    }
                }
                Replacement::Keep(None) => result.push_str(whole),
                Replacement::Keep(Some(why)) => {
                    self.out.left.push((index, why));
                    result.push_str(whole);
                }
            }
            rest = &call[end..];
        }
        result.push_str(rest);
        result
    }
}

/// The line cut before and after each run of backticks; runs are parts of their own.
fn split_code_spans(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let run_end = bytes[i..]
                .iter()
                .position(|&b| b != b'`')
                .map_or(bytes.len(), |n| i + n);
            if in_code {
                parts.push(&text[start..run_end]);
                start = run_end;
            } else {
                parts.push(&text[start..i]);
                start = i;
            }
            in_code = !in_code;
            i = run_end;
        } else {
            i += 1;
        }
    }
    parts.push(&text[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

/// Escaped calls shown as text: `{{</* x */>}}` → `{{< x >}}`, `{{/* x() */}}` → `{{ x() }}`.
fn unescape(text: &str, dialect: Dialect, count: &mut usize) -> String {
    let pairs: &[(&str, &str)] = match dialect {
        Dialect::Hugo => &[
            ("{{</*", "{{<"),
            ("*/>}}", ">}}"),
            ("{{%/*", "{{%"),
            ("*/%}}", "%}}"),
        ],
        Dialect::Zola => &[("{{/*", "{{"), ("*/}}", "}}"), ("{%/*", "{%"), ("*/%}", "%}")],
        Dialect::Liquid => &[],
    };
    let mut text = text.to_string();
    for (from, to) in pairs {
        if text.contains(from) {
            *count += text.matches(from).count();
            text = text.replace(from, to);
        }
    }
    text
}

enum Replacement {
    /// The call's text replaced: (new text, it was a link).
    Text(String, bool),
    /// Kept, with what the report says about it (`None`: not a call after all).
    Keep(Option<String>),
}

fn replacement(
    inner: &str,
    open: &str,
    dialect: Dialect,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> Replacement {
    let name = inner
        .split(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let argument = || {
        let rest = inner[name.len()..].trim();
        rest.trim_matches(|c| c == '"' || c == '\'').to_string()
    };
    let link = |target: &str, what: &str| match resolve(target) {
        Some(path) => Replacement::Text(format!("@/{path}"), true),
        None => Replacement::Keep(Some(format!(
            "{what} to `{target}`: no such file among the imported content; write the link by hand"
        ))),
    };
    // `{{</* x */>}}`: a call shown as text, which `unescape` turns into that text.
    if inner.starts_with("/*") {
        return Replacement::Keep(None);
    }
    match (dialect, open) {
        (Dialect::Hugo, "{{<" | "{{%") if name == "ref" || name == "relref" => {
            let target = argument();
            let target = target.split_whitespace().next().unwrap_or("").trim_matches('"');
            link(target, &format!("`{name}`"))
        }
        (Dialect::Hugo, "{{<" | "{{%") if name.starts_with('/') => Replacement::Keep(None),
        (Dialect::Hugo, "{{<" | "{{%") => Replacement::Keep(Some(format!(
            "Hugo shortcode `{name}` is not converted: gazette has no shortcodes; write its output as Markdown or HTML"
        ))),
        (Dialect::Zola, "{{" | "{%") if inner.contains('(') => Replacement::Keep(Some(format!(
            "Zola shortcode `{name}()` is not converted: gazette has no shortcodes; write its output as Markdown or HTML"
        ))),
        (Dialect::Zola, "{%") if name == "end" => Replacement::Keep(None),
        (Dialect::Liquid, "{%") if name == "link" => {
            let target = argument();
            link(&target, "`link`")
        }
        (Dialect::Liquid, "{%") if name == "post_url" => {
            let target = argument();
            link(&format!("post_url:{target}"), "`post_url`")
        }
        (Dialect::Liquid, "{%") if matches!(name, "raw" | "endraw") => {
            Replacement::Text(String::new(), false)
        }
        // The closing tag of a block is listed with its opening one.
        (Dialect::Liquid, "{%") if name.starts_with("end") => Replacement::Keep(None),
        (Dialect::Liquid, "{{")
            if matches!(
                inner,
                "site.baseurl" | "site.url" | "site.url | append: site.baseurl"
            ) =>
        {
            Replacement::Text(String::new(), false)
        }
        (Dialect::Liquid, "{%" | "{{") => Replacement::Keep(Some(format!(
            "Liquid `{}` is not converted: gazette bodies are Markdown only; write its output by hand",
            shorten(inner)
        ))),
        _ => Replacement::Keep(None),
    }
}

/// The first 40 characters of a call, for the report.
fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(target: &str) -> Option<String> {
        match target {
            "posts/hello.md" | "hello.md" | "_posts/2024-01-02-hello.md" | "post_url:2024-01-02-hello" => {
                Some("posts/2024-01-02-hello.md".into())
            }
            _ => None,
        }
    }

    #[test]
    fn hugo_refs_become_links_and_other_shortcodes_are_listed() {
        let body = "See [it]({{< ref \"hello.md\" >}}) and [that]({{< relref \"nope.md\" >}}).\n{{< youtube abc >}}\n```\n{{< youtube kept >}}\n```\n`{{< x >}}` in code\n";
        let out = convert(body, Dialect::Hugo, &resolve);
        assert!(
            out.body.starts_with("See [it](@/posts/2024-01-02-hello.md) and"),
            "{}",
            out.body
        );
        assert_eq!(out.links, 1);
        let lines: Vec<usize> = out.left.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, vec![0, 1], "{:?}", out.left);
        assert!(out.left[1].1.contains("`youtube`"));
    }

    #[test]
    fn liquid_links_highlights_and_base_urls() {
        let body = "[a]({% link _posts/2024-01-02-hello.md %}) [b]({% post_url 2024-01-02-hello %})\n![x]({{ site.baseurl }}/images/x.png)\n{% highlight ruby %}\nputs 1\n{% endhighlight %}\n{% include note.html %}\n";
        let out = convert(body, Dialect::Liquid, &resolve);
        assert_eq!(
            out.body,
            "[a](@/posts/2024-01-02-hello.md) [b](@/posts/2024-01-02-hello.md)\n![x](/images/x.png)\n```ruby\nputs 1\n```\n{% include note.html %}\n"
        );
        assert_eq!(out.left.len(), 1);
        assert_eq!(out.left[0].0, 5);
    }

    #[test]
    fn links_in_html_attributes_are_listed_not_converted() {
        let body = "<a href=\"{% post_url 2024-01-02-hello %}\">x</a>\n";
        let out = convert(body, Dialect::Liquid, &resolve);
        assert_eq!(out.body, body);
        assert_eq!(out.links, 0);
        assert!(out.left[0].1.contains("in an HTML attribute"), "{:?}", out.left);
    }

    #[test]
    fn zola_shortcodes_are_listed_and_escapes_shown_as_text() {
        let body = "{{ youtube(id=\"x\") }}\n{% note() %}\nText\n{% end %}\n{{/* kept() */}}\n";
        let out = convert(body, Dialect::Zola, &resolve);
        assert_eq!(out.left.iter().map(|l| l.0).collect::<Vec<_>>(), vec![0, 1]);
        assert!(out.body.ends_with("{{ kept() }}\n"));
    }
}
