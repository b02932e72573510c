"""Benchmark baseline: a bare page with one `st.plotly_chart` and one selectbox.

The chart draws every territory of the data folder (`HRCITIES_DATA_DIR`) as one point on the same
shipped base map the dashboard uses (offline), with Plotly's defaults; the selectbox narrows the points to
one UCLG region, as the dashboard's region filter does. Nothing else: no cache, no sidebar, no layout.
"""

import os

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

folder = os.environ["HRCITIES_DATA_DIR"]
points = pd.read_csv(f"{folder}/territories.csv", usecols=["name", "uclg_region", "latitude", "longitude"])
regions = pd.read_csv(f"{folder}/regions.csv")

st.title("Bare chart")
label = st.selectbox("UCLG region", ["All", *regions["label"]])
if label != "All":
    points = points[points["uclg_region"] == regions.set_index("label").at[label, "id"]]
fig = go.Figure(
    go.Scattergeo(lat=points["latitude"], lon=points["longitude"], text=points["name"], mode="markers")
)
st.plotly_chart(fig, config={"topojsonURL": "app/static/"})
st.query_params["region"] = label.lower()  # as the dashboard writes its view into the URL
