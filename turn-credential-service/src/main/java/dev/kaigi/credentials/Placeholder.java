package dev.kaigi.credentials; class Placeholder {}
