"""`lotsen import`: registers kept in Excel or CSV brought in as objects of the model."""
