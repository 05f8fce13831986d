/// <reference types="@tarojs/taro" />
// Taro's globals (defineAppConfig, definePageConfig) and style imports for the pages in src/.
declare module '*.css';
