// The search page on a phone: the filters fold under «Narrow down» once the results are
// shown, so the first result is on the first screen. Without a script they stay open,
// after the results.
"use strict";

const facets = document.getElementById("facets");
if (facets instanceof HTMLDetailsElement && window.matchMedia("(max-width: 48rem)").matches) {
  facets.open = false;
}
