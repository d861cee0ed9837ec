// The act page: a print button (the print layout is the stylesheet's), and «search within
// this act» — the server marks the matches; this steps between them (↑ ↓, Enter again in the
// field goes to the next) and says which one is shown. Without a script the marks are there
// and the browser prints from its menu.
"use strict";

const printButton = document.getElementById("print");
if (printButton) {
  printButton.hidden = false;
  printButton.addEventListener("click", () => window.print());
}

const field = document.getElementById("find-in-act");
const status = document.getElementById("find-status");
const marks = Array.from(document.querySelectorAll("#act-text mark"));
let current = -1;

function show(index) {
  if (!marks.length) {
    return;
  }
  if (current >= 0) {
    marks[current].classList.remove("current");
  }
  current = (index + marks.length) % marks.length;
  const mark = marks[current];
  mark.classList.add("current");
  mark.scrollIntoView({ block: "center" });
  if (status) {
    status.textContent = `${current + 1} / ${marks.length}`;
  }
}

if (marks.length) {
  for (const [id, step] of [["find-prev", -1], ["find-next", 1]]) {
    const button = document.getElementById(id);
    if (button) {
      button.hidden = false;
      button.addEventListener("click", () => show(current + step));
    }
  }
  if (field instanceof HTMLInputElement) {
    const asked = field.value;
    field.form?.addEventListener("submit", (event) => {
      // The same words again: the next match, without reloading the page.
      if (field.value === asked) {
        event.preventDefault();
        show(current + 1);
      }
    });
  }
  if (location.hash === "#text") {
    show(0);
  }
}
