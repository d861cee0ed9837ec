// The review desk by keyboard: Ctrl+Enter saves (publishing an act that waits) and opens the
// next document; Alt+R goes to the reason for rejecting, where Enter rejects and opens the
// next; «/» (outside a field) or Ctrl+/ (anywhere) finds a heading, Enter there ticks the
// first one shown, Escape goes on to «save and next»; «choose all» in the queue. Without a script every action is
// still a button and a link.
"use strict";

function folded(text) {
  return text.toLowerCase().replace(/ё/g, "е");
}

function typing(target) {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement || (target instanceof HTMLElement && target.isContentEditable);
}

document.addEventListener("keydown", (event) => {
  const saveNext = document.getElementById("save-next");
  const rejectReason = document.getElementById("reject-reason");
  if (saveNext && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    // In the reason for rejecting, the same keys reject: the librarian's hands decide there.
    const inReject = event.target instanceof Element && event.target.closest("#reject-form");
    (inReject ? document.getElementById("reject-next") : saveNext)?.click();
    return;
  }
  // By the key's place, not its letter: Alt+R is Alt+К in the Russian layout.
  if (rejectReason && event.altKey && !event.ctrlKey && event.code === "KeyR") {
    event.preventDefault();
    rejectReason.focus();
    return;
  }
  const finder = document.getElementById("heading-filter");
  if (finder && event.key === "/" && (event.ctrlKey || !typing(event.target))) {
    event.preventDefault();
    finder.focus();
    finder.select();
  }
});

const finder = document.getElementById("heading-filter");
if (finder) {
  const groups = document.getElementById(finder.dataset.filter || "");
  const show = () => {
    const wanted = folded(finder.value.trim());
    for (const group of groups ? groups.querySelectorAll("fieldset.group") : []) {
      let any = false;
      for (const choice of group.querySelectorAll("label.heading-choice")) {
        const match = !wanted || folded(choice.textContent || "").includes(wanted) ||
          folded(group.querySelector("legend")?.textContent || "").includes(wanted);
        choice.hidden = !match;
        any = any || match;
      }
      group.hidden = !any;
    }
  };
  finder.addEventListener("input", show);
  finder.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      finder.value = "";
      show();
      document.getElementById("save-next")?.focus();
    } else if (event.key === "Enter") {
      // Enter in the finder ticks the first heading left, not the whole form.
      event.preventDefault();
      const first = groups?.querySelector("label.heading-choice:not([hidden]) input");
      if (first instanceof HTMLInputElement) {
        first.checked = !first.checked;
      }
    }
  });
}

const all = document.querySelector("[data-choose-all]");
if (all instanceof HTMLInputElement) {
  all.addEventListener("change", () => {
    for (const box of document.querySelectorAll(`input[name="${all.dataset.chooseAll}"]`)) {
      if (box instanceof HTMLInputElement) {
        box.checked = all.checked;
      }
    }
  });
}
