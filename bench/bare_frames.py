"""Benchmark baseline: a bare app holding the same frames as the dashboard.

It reads every table of the data folder (`HRCITIES_DATA_DIR`) with pandas once per process and keeps
them, then shows a heading, their sizes and one selectbox. Its cold start and memory are the yardstick.
"""

import os
from pathlib import Path

import pandas as pd
import streamlit as st
import yaml


@st.cache_resource
def frames(folder: str) -> dict:
    tables = {p.stem: pd.read_csv(p, dtype=str) for p in sorted(Path(folder).glob("*.csv"))}
    tables["session"] = yaml.safe_load((Path(folder) / "session.yaml").read_text(encoding="utf-8"))
    return tables


tables = frames(os.environ["HRCITIES_DATA_DIR"])
st.title("Bare frames")
st.selectbox("Table", [name for name in tables if name != "session"])
st.write({name: len(frame) for name, frame in tables.items()})
