// The series' search box: queries the index Pagefind wrote beside the pages (pagefind/), on this site only.
const form = document.querySelector("form[data-search]");
const results = document.getElementById("search-results");
if (form && results) {
  form.hidden = false;
  const input = form.querySelector("input");
  let engine = null;
  const show = async (found) => {
    results.replaceChildren();
    const status = document.createElement("p");
    status.className = "search-status";
    status.textContent = found.results.length
      ? form.dataset.results.replace("{count}", found.results.length) : form.dataset.none;
    results.append(status);
    const list = document.createElement("ol");
    for (const result of found.results.slice(0, 10)) {
      const data = await result.data();
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = data.url;
      link.textContent = data.meta.title || data.url;
      const excerpt = document.createElement("p");
      excerpt.innerHTML = data.excerpt;  // the brief's own text, escaped by Pagefind, with <mark> around the match
      item.append(link, excerpt);
      list.append(item);
    }
    if (found.results.length) results.append(list);
  };
  form.addEventListener("submit", (event) => event.preventDefault());
  input.addEventListener("input", async () => {
    const query = input.value.trim();
    if (!query) { results.replaceChildren(); return; }
    if (!engine) {
      engine = await import(new URL(form.dataset.search, document.baseURI).href);
      await engine.options({ baseUrl: form.dataset.base });
    }
    const found = await engine.debouncedSearch(query, {}, 200);
    if (found !== null) await show(found);
  });
}
