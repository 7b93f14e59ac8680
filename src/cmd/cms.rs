//! `gazette cms`: writes `frontmatter.json`, VS Code's Front Matter CMS configuration, from
//! the schema; with `--check`, says whether the committed one is still right. Decap CMS's
//! configuration needs no command: every build writes `/admin/config.yml` when `cms:` is set.

use gazette::render::cms::front_matter::{FILE_NAME, config_json};
use gazette::{BuildOptions, linked_site};

use super::print_diagnostics;
use crate::cli::CmsArgs;

pub(crate) fn run(args: &CmsArgs) -> i32 {
    let options = BuildOptions {
        root: args.root.clone(),
        no_git: true,
        ..BuildOptions::default()
    };
    let site = match linked_site(&options) {
        Ok(site) => site,
        Err(err) => {
            print_diagnostics(err.diagnostics());
            return err.exit_code();
        }
    };
    let text = config_json(&site);
    let path = args.root.join(FILE_NAME);
    let written = std::fs::read_to_string(&path).ok();
    if args.check {
        return match written {
            Some(written) if written == text => {
                super::success("Checked", &format!("{FILE_NAME} matches site.yaml"));
                0
            }
            Some(_) => {
                eprintln!("error: {FILE_NAME} no longer matches site.yaml; run `gazette cms` to refresh it");
                1
            }
            None => {
                eprintln!("error: no {FILE_NAME}; run `gazette cms` to write it");
                1
            }
        };
    }
    if written.as_deref() != Some(text.as_str())
        && let Err(err) = std::fs::write(&path, &text)
    {
        eprintln!("error: cannot write {}: {err}", path.display());
        return 1;
    }
    super::success(
        "Wrote",
        &format!(
            "{FILE_NAME}: {} for VS Code's Front Matter CMS",
            super::plural(site.config.collections.len(), "content type", "content types")
        ),
    );
    match &site.config.cms {
        Some(cms) => println!(
            "The editor ({}) is at /admin/: every build writes its config.yml from site.yaml",
            cms.app.name()
        ),
        None => println!("/admin/ is off: add `cms: true` to site.yaml for Decap CMS (docs/cms.md)"),
    }
    0
}
