"""What presenter mode needs from the browser itself, in one small script with no network use: the
full-screen button and the F key (full screen must start in the browser, on a user's gesture), the "."
key (Streamlit's button shortcuts take no punctuation; it presses the blank button), hiding the
controls after `hrcities.presenter.IDLE_MS` without the mouse moving (a class on the document, which
the page's stylesheet reads), and the focus taken out of a toggle clicked with the mouse (Streamlit's
shortcuts do not listen in an input). Every other key is a Streamlit button `shortcut=`.
"""

import streamlit as st

from hrcities import presenter

IDLE_CLASS = "present-idle"  # on <html> while the mouse has not moved for a while
FULL_CLASS = "present-fullscreen"  # the full-screen button's class

# The script keeps one set of listeners per page (the function may run again when its data change).
_JS = r"""
export default function(component) {
  const { data, parentElement } = component;
  const root = document.documentElement;
  if (window.__hrcPresenter) window.__hrcPresenter.stop();
  const button = parentElement.querySelector('button');
  const labels = data.labels;
  const show = () => {
    const full = !!document.fullscreenElement;
    button.textContent = full ? labels.exit : labels.enter;
    button.setAttribute('aria-pressed', String(full));
  };
  const toggle = () => {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else if (root.requestFullscreen) root.requestFullscreen().catch(() => {});
  };
  const typing = e => {
    const t = e.target;
    return t && (['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || t.isContentEditable);
  };
  const onKey = e => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || typing(e)) return;
    const action = data.keys[e.key];
    if (action === 'fullscreen') { e.preventDefault(); toggle(); }
    else if (action === 'blank') {
      const blank = document.querySelector(data.blank);
      if (blank) { e.preventDefault(); blank.click(); }
    }
  };
  let timer = null;
  const idle = () => root.classList.add(data.idleClass);
  const awake = () => {
    root.classList.remove(data.idleClass);
    clearTimeout(timer);
    timer = setTimeout(idle, data.idleMs);
  };
  // A toggle or an option chosen with the mouse keeps the focus in an input, where Streamlit's
  // shortcuts do not listen: give it back to the page, so that the clicker goes on working.
  const settleFocus = e => {
    if (e.detail === 0) return;  // pressed by a key: the keyboard user's focus stays where it is
    const option = e.target.closest && e.target.closest('[role="option"]');
    setTimeout(() => {
      const a = document.activeElement;
      const input = a && a.tagName === 'INPUT' && (a.type === 'checkbox' || option);
      if (input && a.closest(data.controls)) a.blur();
    }, option ? 150 : 0);
  };
  button.onclick = toggle;
  document.addEventListener('click', settleFocus, true);
  document.addEventListener('keydown', onKey);
  document.addEventListener('fullscreenchange', show);
  for (const name of ['mousemove', 'pointerdown', 'touchstart']) document.addEventListener(name, awake);
  show();
  awake();
  const stop = () => {
    document.removeEventListener('click', settleFocus, true);
    document.removeEventListener('keydown', onKey);
    document.removeEventListener('fullscreenchange', show);
    for (const name of ['mousemove', 'pointerdown', 'touchstart']) document.removeEventListener(name, awake);
    clearTimeout(timer);
    root.classList.remove(data.idleClass);
    if (window.__hrcPresenter && window.__hrcPresenter.stop === stop) window.__hrcPresenter = null;
  };
  window.__hrcPresenter = { stop };
  return stop;
}
"""

_component = st.components.v2.component(
    "hrcities_presenter_keys",
    html=f'<button type="button" class="{FULL_CLASS}" aria-keyshortcuts="F"></button>',
    js=_JS,
    isolate_styles=False,
)


def presenter_keys(
    full_screen: str, leave_full_screen: str, blank_button: str, controls: str, key: str = "present_keys"
):
    """The full-screen button (labelled `full_screen`, `leave_full_screen` while full screen), the F and
    "." keys ("." clicks the button that CSS selector `blank_button` finds), the idle class, and the
    focus given back to the page after a mouse click on a toggle or an option in `controls` (a CSS
    selector)."""
    return _component(
        key=key,
        data={
            "labels": {"enter": full_screen, "exit": leave_full_screen},
            "keys": presenter.SCRIPT_KEYS,
            "blank": blank_button,
            "controls": controls,
            "idleMs": presenter.IDLE_MS,
            "idleClass": IDLE_CLASS,
        },
        width="content",
    )
