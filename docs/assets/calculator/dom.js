// Elements built with the DOM (never from HTML strings), so whatever a user
// typed or imported stays text.
//
//   el("p", { class: "help", text: "Hello" }, child, …)
// An attribute of false, null or undefined is left out; true is set empty.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false && child !== ""));
  return node;
}
