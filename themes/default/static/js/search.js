// search.js: the default theme's search page. It reads the query and the filters from the
// page's address (so a search can be linked, bookmarked and gone back to), asks the
// Pagefind index that `gazette build` wrote, and lists the results with their excerpts.
// Everything it says comes from data- attributes of #search, in the page's language.
(function () {
  "use strict";

  const root = document.getElementById("search");
  if (!root) return;
  const form = root.querySelector("form");
  const input = form.querySelector("input[name=q]");
  const sortSelect = form.querySelector("select[name=sort]");
  const filtersBox = root.querySelector(".search__filters");
  const status = root.querySelector(".search__status");
  const list = root.querySelector(".search__results");
  const say = (key, values) => {
    let text = root.dataset[key] || "";
    for (const [name, value] of Object.entries(values || {})) text = text.replace(`{${name}}`, value);
    return text;
  };
  const filterNames = (root.dataset.filters || "").split(",").filter(Boolean);
  const labels = Object.fromEntries([...root.querySelectorAll("[data-filter]")].map((e) => [e.dataset.filter, e.textContent]));
  const PAGE = 20;

  let pagefind = null;
  let shown = PAGE;
  let latest = 0;

  root.hidden = false;
  // The filters open beside the results on a wide screen; on a phone, a tap away.
  const narrow = root.querySelector(".search__narrow");
  if (window.matchMedia("(min-width: 48rem)").matches) narrow.open = true;
  root.querySelector(".search__unavailable")?.remove();

  async function load() {
    if (pagefind) return pagefind;
    const module = await import(root.dataset.bundle + "pagefind.js");
    // Result URLs carry the site's base path already.
    await module.options({ baseUrl: "/", excerptLength: 24 });
    await module.init(document.documentElement.lang.toLowerCase());
    // Loads the filters' index: without it, searches return no counts per filter value.
    await module.filters();
    pagefind = module;
    return module;
  }

  // The state of the search, as the address holds it: ?q=…&sort=date&tags=…&year=…
  function readAddress() {
    const params = new URLSearchParams(location.search);
    const filters = {};
    for (const name of filterNames) {
      const values = params.getAll(name);
      if (values.length) filters[name] = values;
    }
    return { q: params.get("q") || "", sort: params.get("sort") === "date" ? "date" : "", filters };
  }

  function readForm() {
    const filters = {};
    for (const box of filtersBox.querySelectorAll("input[type=checkbox]:checked")) {
      (filters[box.name] ||= []).push(box.value);
    }
    return { q: input.value.trim(), sort: sortSelect.value, filters };
  }

  function address(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.sort) params.set("sort", state.sort);
    for (const [name, values] of Object.entries(state.filters)) {
      for (const value of values) params.append(name, value);
    }
    const query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  // `counts`: for each filter, how many results of the query (without the filters) have
  // each value; without a query, how many pages.
  async function showFilters(state, counts) {
    const available = counts || (await pagefind.filters());
    filtersBox.replaceChildren();
    for (const name of filterNames) {
      const counts = available[name];
      if (!counts) continue;
      const fieldset = document.createElement("fieldset");
      const legend = document.createElement("legend");
      legend.textContent = labels[name] || name;
      fieldset.append(legend);
      const chosen = state.filters[name] || [];
      // Values no result has are left out, unless chosen (so they can be unchosen).
      const values = Object.keys(counts).filter((v) => counts[v] > 0 || chosen.includes(v)).sort((a, b) => (name === "year" ? b.localeCompare(a) : a.localeCompare(b)));
      if (!values.length) continue;
      for (const value of values) {
        const label = document.createElement("label");
        const box = document.createElement("input");
        box.type = "checkbox";
        box.name = name;
        box.value = value;
        box.checked = chosen.includes(value);
        const count = document.createElement("span");
        count.className = "search__count";
        count.textContent = String(counts[value]);
        label.append(box, " " + value + " ", count);
        fieldset.append(label);
      }
      filtersBox.append(fieldset);
    }
  }

  function meta(data) {
    const parts = [];
    const m = data.meta || {};
    if (m.date) parts.push(m.date);
    for (const key of (root.dataset.show || "").split(",").filter(Boolean)) {
      if (m[key]) parts.push(m[key]);
    }
    const sections = data.filters?.collection;
    if (sections && sections.length) parts.unshift(sections[0]);
    return parts.join(" · ");
  }

  // A page whose title is the query itself (an institution searched by its name) comes
  // first among those shown: Pagefind ranks by how often the words occur, and a story that
  // names the institution in its title and all through its text would come before it.
  function exactFirst(items, q) {
    const norm = (text) => (text || "").normalize("NFKC").trim().toLocaleLowerCase();
    const wanted = norm(q);
    const exact = wanted ? items.filter((data) => norm(data.meta?.title) === wanted) : [];
    return exact.length ? [...exact, ...items.filter((data) => !exact.includes(data))] : items;
  }

  async function render(results, state, run) {
    let items = await Promise.all(results.slice(0, shown).map((r) => r.data()));
    if (state.sort !== "date") items = exactFirst(items, state.q);
    if (run !== latest) return;
    list.replaceChildren();
    for (const data of items) {
      const li = document.createElement("li");
      li.className = "search-result";
      const title = document.createElement("h2");
      title.className = "search-result__title";
      const link = document.createElement("a");
      link.href = data.url;
      link.textContent = data.meta?.title || data.url;
      title.append(link);
      li.append(title);
      const details = meta(data);
      if (details) {
        const p = document.createElement("p");
        p.className = "search-result__meta";
        p.textContent = details;
        li.append(p);
      }
      const excerpt = document.createElement("p");
      excerpt.className = "search-result__excerpt";
      // Pagefind's excerpt: the page's text, escaped, with the matches in <mark>.
      excerpt.innerHTML = data.excerpt;
      li.append(excerpt);
      list.append(li);
    }
    const more = root.querySelector(".search__more");
    more.hidden = results.length <= shown;
  }

  async function run(state) {
    const mine = ++latest;
    input.value = state.q;
    sortSelect.value = state.sort;
    const filtered = Object.keys(state.filters).length > 0;
    if (!state.q && !filtered) {
      list.replaceChildren();
      root.querySelector(".search__more").hidden = true;
      status.textContent = "";
      if (pagefind) await showFilters(state);
      return;
    }
    status.textContent = say("searching");
    try {
      await load();
      const options = { filters: state.filters };
      if (state.sort === "date") options.sort = { date: "desc" };
      const search = await pagefind.search(state.q || null, options);
      if (mine !== latest) return;
      await showFilters(state, state.q ? search.totalFilters : null);
      const n = search.results.length;
      const key = n === 0 ? "none" : n === 1 ? "one" : "other";
      shown = PAGE;
      root._results = search.results;
      await render(search.results, state, mine);
      if (mine !== latest) return;
      // Said once the results are on the page, so the count and the list agree.
      status.textContent = say(key, { n: n.toLocaleString(document.documentElement.lang), q: state.q });
    } catch (error) {
      status.textContent = say("failed");
      console.error(error);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const state = readForm();
    history.pushState(null, "", address(state));
    run(state);
  });

  let typing = 0;
  input.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      const state = readForm();
      history.replaceState(null, "", address(state));
      run(state);
    }, 250);
  });

  const changed = () => {
    const state = readForm();
    history.pushState(null, "", address(state));
    run(state);
  };
  filtersBox.addEventListener("change", changed);
  sortSelect.addEventListener("change", changed);

  root.querySelector(".search__more button").addEventListener("click", async () => {
    const next = list.children.length;
    shown += PAGE;
    await render(root._results || [], readForm(), latest);
    list.children[next]?.querySelector("a")?.focus();
  });

  window.addEventListener("popstate", () => run(readAddress()));
  run(readAddress());
})();
