//! Helm values: conversion to template values, coalescing, `--set` parsing, globals, import-values, conditions and tags, schema validation.
